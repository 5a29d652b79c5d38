import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from '../../../src/insights/webhook-signature.js';
// @ts-expect-error: a plain JavaScript file for receivers, without type declarations
import { verifyEarshotWebhook } from '../../../docs/verify-webhook.mjs';

const verifyDoc = verifyEarshotWebhook as (secret: string, headers: Record<string, string>, body: Buffer, now: number) => string | null;

describe('webhook signature', () => {
  const body = '{"id":"event:1","type":"alert.raised","data":{}}';
  const signature = signWebhook('whsec_test', 1_800_000_000, body);

  it('is sha256= and the HMAC-SHA256 of "timestamp.body"', () => {
    expect(signature).toBe(`sha256=${createHmac('sha256', 'whsec_test').update(`1800000000.${body}`).digest('hex')}`);
  });

  it('verifies, and the docs script agrees; a changed body, secret, or old timestamp fails', () => {
    const ok = { secret: 'whsec_test', body, timestamp: '1800000000', signature, nowSeconds: 1_800_000_100, toleranceSeconds: 300 };
    expect(verifyWebhookSignature(ok)).toEqual({ kind: 'valid' });
    expect(verifyWebhookSignature({ ...ok, body: body.replace('alert', 'alarm') })).toMatchObject({ kind: 'invalid', reason: 'signature does not match' });
    expect(verifyWebhookSignature({ ...ok, secret: 'whsec_other' })).toMatchObject({ kind: 'invalid' });
    expect(verifyWebhookSignature({ ...ok, nowSeconds: 1_800_000_301 })).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/tolerance/) });
    const headers = { 'x-earshot-timestamp': '1800000000', 'x-earshot-signature': signature };
    expect(verifyDoc('whsec_test', headers, Buffer.from(body), 1_800_000_100)).toBeNull();
    expect(verifyDoc('whsec_test', headers, Buffer.from(`${body} `), 1_800_000_100)).toBe('signature does not match');
    expect(verifyDoc('whsec_test', headers, Buffer.from(body), 1_800_001_000)).toBe('timestamp too old or in the future');
  });
});
