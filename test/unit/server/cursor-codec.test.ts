import { describe, expect, it } from 'vitest';
import { EarshotError } from '../../../src/domain/errors.js';
import { decodeCursor, encodeCursor } from '../../../src/server/cursor-codec.js';

describe('cursorCodec', () => {
  it('round-trips a cursor', () => {
    const c = { sort: 'priority' as const, key: '60', id: '8c4d7d1e-1a2b-4c3d-8e9f-0a1b2c3d4e5f', asOf: '2026-01-05T09:00:00.123456Z' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it('rejects anything it did not make, including SQL in the key', () => {
    const forged = Buffer.from(JSON.stringify({ s: 'priority', k: "1'; drop table agent; --", i: '8c4d7d1e-1a2b-4c3d-8e9f-0a1b2c3d4e5f', t: '2026-01-05T09:00:00Z' })).toString('base64url');
    for (const bad of ['', 'not-base64!', forged, Buffer.from('[]').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow(EarshotError);
    }
  });
});
