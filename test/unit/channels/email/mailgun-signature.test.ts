// Mailgun's signature and replay rules on the PROTOCOLS.md §15 reference vector, through the real decoder.
import { describe, expect, it } from 'vitest';
import { decodeMailgun } from '../../../../src/channels/email/mailgun-inbound.js';

const VECTOR = { key: 'test-signing-key', timestamp: '1700000000', token: 'abc123token', signature: 'ebe1904b263edf573570cdd64277029eb9f6703619cceb45ec4075febea4cfc9' };
const form = (over: Record<string, string> = {}) =>
  Buffer.from(
    new URLSearchParams({
      timestamp: VECTOR.timestamp,
      token: VECTOR.token,
      signature: VECTOR.signature,
      from: 'casey@customer.example',
      subject: 'hi',
      'body-plain': 'hello',
      'message-headers': JSON.stringify([['From', 'casey@customer.example'], ['Message-Id', '<v@customer.example>']]),
      ...over,
    }).toString(),
  );
const decode = (body: Buffer, accountId: string, now = 1_700_000_000_000) =>
  decodeMailgun({ signingKey: VECTOR.key, accountId, rawBody: body, contentType: 'application/x-www-form-urlencoded', now });

describe('decodeMailgun', () => {
  it('accepts the reference vector and decodes the message', async () => {
    const result = await decode(form(), 'acct-vector');
    expect(result).toMatchObject({ kind: 'email', email: { messageId: '<v@customer.example>', text: 'hello', source: 'mailgun' } });
  });

  it('refuses a signature off by one character', async () => {
    const bad = VECTOR.signature.slice(0, -1) + (VECTOR.signature.endsWith('9') ? '8' : '9');
    expect(await decode(form({ signature: bad }), 'acct-bad')).toEqual({ kind: 'forged', reason: 'signature does not match HMAC-SHA256(signing key, timestamp + token)' });
  });

  it('refuses the vector six minutes later as stale', async () => {
    expect(await decode(form(), 'acct-stale', 1_700_000_000_000 + 6 * 60_000)).toMatchObject({ kind: 'forged', reason: expect.stringContaining('more than 5 minutes') });
  });

  it('refuses the same token a second time on the same account', async () => {
    expect((await decode(form(), 'acct-replay')).kind).toBe('email');
    expect(await decode(form({ 'body-plain': 'changed' }), 'acct-replay')).toEqual({ kind: 'forged', reason: 'token already used (replayed delivery)' });
  });

  it('treats an unreadable body as unverifiable', async () => {
    const result = await decodeMailgun({ signingKey: VECTOR.key, accountId: 'x', rawBody: Buffer.from([0xff, 0xfe]), contentType: 'multipart/form-data; boundary=zz', now: 0 });
    expect(result.kind).toBe('forged');
  });
});
