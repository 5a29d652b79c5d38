import { describe, expect, it } from 'vitest';
import { hmacDigest, isValidHmac, safeEqual } from '../../../../src/channels/shared/hmac.js';
import { twilioSignature } from '../../../../src/channels/twilio/verify-webhook.js';

// PROTOCOLS.md §15 reference vectors.
describe('hmacDigest', () => {
  it('reproduces the X CRC reference vector', () => {
    expect(`sha256=${hmacDigest('sha256', 'test-consumer-secret', 'crc-token-123', 'base64')}`).toBe('sha256=m3yscIcSwL62BbDuWy/k/ml4+4Yfj3c0hep3IWko1Ws=');
  });
  it('reproduces the X event reference vector', () => {
    expect(`sha256=${hmacDigest('sha256', 'test-consumer-secret', '{"for_user_id":"2244994945","tweet_create_events":[]}', 'base64')}`).toBe(
      'sha256=ZDeJuJXkQK97/vxoaM61RQVVMBhiS+LjbtVJsV7PhW4=',
    );
  });
  it('reproduces the Meta reference vector', () => {
    expect(hmacDigest('sha256', 'test-app-secret', '{"object":"page","entry":[]}', 'hex')).toBe('1a82db3abc2fa71a3fffecfedef579a8468a44850cd8a83a0c56974faff81689');
  });
  it('reproduces the Mailgun reference vector', () => {
    expect(hmacDigest('sha256', 'test-signing-key', '1700000000' + 'abc123token', 'hex')).toBe('ebe1904b263edf573570cdd64277029eb9f6703619cceb45ec4075febea4cfc9');
  });
  it('reproduces the LinkedIn challenge and event reference vectors', () => {
    expect(hmacDigest('sha256', 'test-client-secret', 'f3d2c1b0-0000-4000-8000-000000000000', 'hex')).toBe('989b5d6b26cf65327e6fd760f1e6f606788c92ccc43bcbeaf883054f25ad43d3');
    expect(hmacDigest('sha256', 'test-client-secret', 'hmacsha256=' + '{"type":"ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS","notifications":[]}', 'hex')).toBe(
      '341cf5778654a2e246e6fc68fb6ec196f21f44f3bc76346a8896e2de2f4857a7',
    );
  });
  it('reproduces the Twilio reference vector from unsorted parameters', () => {
    const params: [string, string][] = [
      ['To', '+15005550001'],
      ['MessageSid', 'SM0123456789abcdef0123456789abcdef'],
      ['Body', 'Hello'],
      ['NumMedia', '0'],
      ['From', '+15005550006'],
    ];
    expect(twilioSignature('test-auth-token', 'https://desk.example.com/hooks/twilio/sms', params)).toBe('qNRdAUGRIBfu/+IHSdLVYGjHeCk=');
  });
});

describe('isValidHmac', () => {
  it('accepts the right signature with its prefix and rejects a changed byte, a missing one and another length', () => {
    const opts = { algorithm: 'sha256', key: 'test-app-secret', message: '{"object":"page","entry":[]}', encoding: 'hex', prefix: 'sha256=' } as const;
    const good = 'sha256=1a82db3abc2fa71a3fffecfedef579a8468a44850cd8a83a0c56974faff81689';
    expect(isValidHmac({ ...opts, signature: good })).toBe(true);
    expect(isValidHmac({ ...opts, signature: good.replace(/9$/, '8') })).toBe(false);
    expect(isValidHmac({ ...opts, signature: undefined })).toBe(false);
    expect(isValidHmac({ ...opts, signature: good.slice(0, -2) })).toBe(false);
    expect(isValidHmac({ ...opts, message: '{"object":"page", "entry":[]}', signature: good })).toBe(false);
  });
  it('compares strings of different lengths as unequal without throwing', () => {
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('é', 'é')).toBe(true);
  });
});
