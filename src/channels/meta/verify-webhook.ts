// Meta webhooks (PROTOCOLS.md §2): the GET verification handshake (`hub.mode`, `hub.verify_token`,
// `hub.challenge`) and `X-Hub-Signature-256` = sha256=hex(HMAC-SHA256(appSecret, raw body)). Meta escapes
// non-ASCII as \uXXXX and `/` as `\/` in the signed bytes, so only the raw body verifies.
import { createHash } from 'node:crypto';
import type { RawWebhook, VerifyOutcome } from '../connector.js';
import { isValidHmac, safeEqual } from '../shared/hmac.js';
import { toStoredWebhook } from '../shared/stored-webhook.js';
import { parseMetaBody, type MetaKind } from './parse-inbound.js';

const KEEP_HEADERS = ['x-hub-signature-256'] as const;

export interface MetaSecrets {
  readonly appSecret: string;
  readonly verifyToken: string;
}

function handshake(verifyToken: string, url: string): VerifyOutcome {
  const q = new URL(url).searchParams;
  const challenge = q.get('hub.challenge');
  const token = q.get('hub.verify_token') ?? '';
  if (q.get('hub.mode') === 'subscribe' && challenge !== null && safeEqual(verifyToken, token)) {
    // The bare challenge as text, not JSON: Meta compares it byte for byte.
    return { kind: 'challenge', ack: { status: 200, contentType: 'text/plain', body: challenge } };
  }
  return { kind: 'challenge', ack: { status: 403, contentType: 'text/plain', body: 'verification failed: hub.mode must be subscribe and hub.verify_token must match' } };
}

export function verifyMetaWebhook(kind: MetaKind, secrets: MetaSecrets, req: RawWebhook, now: number): VerifyOutcome {
  if (req.method === 'GET') return handshake(secrets.verifyToken, req.url);
  const signature = req.headers['x-hub-signature-256'];
  if (!signature) return { kind: 'forged', reason: 'X-Hub-Signature-256 header missing' };
  if (!isValidHmac({ algorithm: 'sha256', key: secrets.appSecret, message: req.rawBody, encoding: 'hex', signature, prefix: 'sha256=' })) {
    return { kind: 'forged', reason: 'X-Hub-Signature-256 does not match the body' };
  }
  const payload = toStoredWebhook(req, KEEP_HEADERS, now);
  // Parsed once here (pure) so an unreadable batch is refused with 400 now, and so the delivery goes to the right
  // stream: customer items to ingest, receipts to the outbox worker, a mixed batch to both.
  const parsed = parseMetaBody(kind, req.rawBody);
  if (parsed.kind === 'invalid') return { kind: 'malformed', reason: parsed.reason, payload };
  const hasReceipts = parsed.deliveryUpdates.length > 0;
  const stream = parsed.messages.length > 0 ? (hasReceipts ? 'both' : 'inbound') : hasReceipts ? 'receipt' : 'inbound';
  // Meta has no delivery id; a retry resends the same bytes, and events re-batched differently dedupe per message.
  return { kind: 'verified', stream, dedupeKey: `sha256:${createHash('sha256').update(req.rawBody).digest('hex')}`, payload };
}
