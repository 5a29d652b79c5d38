import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkVisitorToken, isValidUserHash, signVisitorToken } from '../../../../src/channels/webchat/visitor-token.js';

const KEY = Buffer.alloc(32, 7);
const NOW = 1_700_000_000_000;

describe('visitor tokens', () => {
  it('accepts its own token until it expires', () => {
    const token = signVisitorToken(KEY, 'v_12345678', NOW + 1000);
    expect(checkVisitorToken(KEY, token, NOW)).toEqual({ kind: 'valid', visitorId: 'v_12345678' });
    expect(checkVisitorToken(KEY, token, NOW + 2000)).toEqual({ kind: 'invalid', reason: 'visitor token expired' });
  });
  it('rejects a token for another visitor id, another key or a later expiry', () => {
    const [, expires, sig] = signVisitorToken(KEY, 'v_12345678', NOW + 1000).split('.');
    expect(checkVisitorToken(KEY, `v_87654321.${expires}.${sig}`, NOW).kind).toBe('invalid');
    expect(checkVisitorToken(Buffer.alloc(32, 8), `v_12345678.${expires}.${sig}`, NOW).kind).toBe('invalid');
    expect(checkVisitorToken(KEY, `v_12345678.${Number(expires) + 1}.${sig}`, NOW).kind).toBe('invalid');
    expect(checkVisitorToken(KEY, undefined, NOW)).toEqual({ kind: 'invalid', reason: 'visitor token missing' });
  });
  it('checks a host site user hash computed as hex HMAC-SHA256(site secret, user id)', () => {
    const hash = createHmac('sha256', 'site-secret-0123456789').update('user-42').digest('hex');
    expect(isValidUserHash('site-secret-0123456789', 'user-42', hash)).toBe(true);
    expect(isValidUserHash('site-secret-0123456789', 'user-43', hash)).toBe(false);
  });
});
