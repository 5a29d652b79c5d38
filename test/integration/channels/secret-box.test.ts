import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecrets, sealSecrets } from '../../../src/store/secret-box.js';

describe('secret box (channel credentials at rest)', () => {
  const key = randomBytes(32);
  const id = '6f1c1c52-1a0e-4c39-9e39-6a3bdb4f0d11';

  it('round-trips secrets and never writes them in clear', () => {
    const sealed = sealSecrets(key, id, { authToken: 'super-secret-token' });
    expect(sealed.toString('latin1')).not.toContain('super-secret-token');
    expect(openSecrets(key, id, sealed)).toEqual({ authToken: 'super-secret-token' });
  });
  it('uses a fresh nonce for every write', () => {
    expect(sealSecrets(key, id, { a: 1 }).equals(sealSecrets(key, id, { a: 1 }))).toBe(false);
  });
  it('refuses another key, another account row, and a flipped bit with CONFIG_INVALID', () => {
    const sealed = sealSecrets(key, id, { authToken: 'x' });
    expect(() => openSecrets(randomBytes(32), id, sealed)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => openSecrets(key, '00000000-0000-4000-8000-000000000000', sealed)).toThrow(/cannot be decrypted/);
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1]! ^= 1;
    expect(() => openSecrets(key, id, flipped)).toThrow(/cannot be decrypted/);
  });
});
