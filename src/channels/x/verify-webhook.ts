// X Account Activity webhooks (PROTOCOLS.md §1): the CRC GET answered with
// sha256=base64(HMAC-SHA256(consumerSecret, crc_token)), and `x-twitter-webhooks-signature` over the raw POST body.
import { createHash } from 'node:crypto';
import type { RawWebhook, VerifyOutcome } from '../connector.js';
import { hmacDigest, isValidHmac } from '../shared/hmac.js';
import { toStoredWebhook } from '../shared/stored-webhook.js';
import { parseAaaBody } from './parse-inbound.js';

const KEEP_HEADERS = ['x-twitter-webhooks-signature'] as const;

export function crcResponseToken(consumerSecret: string, crcToken: string): string {
  return `sha256=${hmacDigest('sha256', consumerSecret, crcToken, 'base64')}`;
}

export function verifyXWebhook(consumerSecret: string, req: RawWebhook, now: number): VerifyOutcome {
  if (req.method === 'GET') {
    const token = new URL(req.url).searchParams.get('crc_token');
    if (token === null || token === '') return { kind: 'challenge', ack: { status: 400, contentType: 'application/json', body: '{"error":"crc_token missing"}' } };
    return { kind: 'challenge', ack: { status: 200, contentType: 'application/json', body: JSON.stringify({ response_token: crcResponseToken(consumerSecret, token) }) } };
  }
  const signature = req.headers['x-twitter-webhooks-signature'];
  if (!signature) return { kind: 'forged', reason: 'x-twitter-webhooks-signature header missing' };
  if (!isValidHmac({ algorithm: 'sha256', key: consumerSecret, message: req.rawBody, encoding: 'base64', signature, prefix: 'sha256=' })) {
    return { kind: 'forged', reason: 'x-twitter-webhooks-signature does not match the body' };
  }
  const payload = toStoredWebhook(req, KEEP_HEADERS, now);
  const parsed = parseAaaBody(req.rawBody);
  if (parsed.kind === 'invalid') return { kind: 'malformed', reason: parsed.reason, payload };
  // X has no delivery id; a retry resends the same bytes, and posts also reached by polling dedupe per message.
  return { kind: 'verified', stream: 'inbound', dedupeKey: `sha256:${createHash('sha256').update(req.rawBody).digest('hex')}`, payload };
}
