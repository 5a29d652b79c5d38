// How earshot signs outbound webhooks, and how a receiver checks them (the same code as docs/verify-webhook.mjs):
// X-Earshot-Timestamp is Unix seconds; X-Earshot-Signature is `sha256=` and the hex HMAC-SHA256 of
// `<timestamp>.<raw body>` under the subscription secret. Signing the timestamp with the body lets a receiver
// refuse replays older than a few minutes.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

export type SignatureCheck = { readonly kind: 'valid' } | { readonly kind: 'invalid'; readonly reason: string };

/** Timing-safe; `toleranceSeconds` bounds the age (and clock skew) of the timestamp. */
export function verifyWebhookSignature(o: {
  readonly secret: string;
  readonly body: string;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  readonly nowSeconds: number;
  readonly toleranceSeconds: number;
}): SignatureCheck {
  if (o.timestamp === undefined || !/^\d+$/.test(o.timestamp)) return { kind: 'invalid', reason: 'X-Earshot-Timestamp missing or not Unix seconds' };
  if (Math.abs(o.nowSeconds - Number(o.timestamp)) > o.toleranceSeconds) return { kind: 'invalid', reason: 'timestamp outside the tolerance (replayed or clock skew)' };
  const expected = Buffer.from(signWebhook(o.secret, Number(o.timestamp), o.body));
  const given = Buffer.from(o.signature ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { kind: 'invalid', reason: 'signature does not match' };
  return { kind: 'valid' };
}
