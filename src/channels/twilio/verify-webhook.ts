// X-Twilio-Signature (PROTOCOLS.md §10): base64(HMAC-SHA1(authToken, url + Σ sorted(name + value))). JSON bodies
// carry bodySHA256 in the query and sign the URL only. Checked over the raw bytes before anything else.
import { createHash } from 'node:crypto';
import type { RawWebhook, VerifyOutcome } from '../connector.js';
import { hmacDigest, safeEqual } from '../shared/hmac.js';
import { formObject, parseFormBody, type FormPairs } from '../shared/form-body.js';
import { toStoredWebhook } from '../shared/stored-webhook.js';

/** The string Twilio signs; exported for the fake and for tests to check against the §15 vector. */
export function twilioSignedString(url: string, pairs: FormPairs): string {
  // Sorted by name (code-unit order, as Twilio's own helpers do); equal names keep their values sorted too.
  const sorted = [...pairs].sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return url + sorted.map(([k, v]) => k + v).join('');
}

export function twilioSignature(authToken: string, url: string, pairs: FormPairs): string {
  return hmacDigest('sha1', authToken, twilioSignedString(url, pairs), 'base64');
}

const KEEP_HEADERS = ['x-twilio-signature', 'i-twilio-idempotency-token'] as const;

export function verifyTwilioWebhook(authToken: string, req: RawWebhook, now: number): VerifyOutcome {
  const signature = req.headers['x-twilio-signature'];
  if (!signature) return { kind: 'forged', reason: 'X-Twilio-Signature header missing' };
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const stored = toStoredWebhook(req, KEEP_HEADERS, now);

  if (contentType === 'application/json') {
    const bodyHash = new URL(req.url).searchParams.get('bodySHA256');
    const expected = hmacDigest('sha1', authToken, req.url, 'base64');
    if (!safeEqual(expected, signature)) return { kind: 'forged', reason: 'X-Twilio-Signature does not match the URL' };
    if (bodyHash === null || !safeEqual(createHash('sha256').update(req.rawBody).digest('hex'), bodyHash)) {
      return { kind: 'forged', reason: 'bodySHA256 does not match the body' };
    }
    return { kind: 'malformed', reason: 'JSON-bodied Twilio webhooks are not a message or status callback', payload: stored };
  }

  const pairs = parseFormBody(req.rawBody);
  // Without readable parameters the signature cannot be computed, so it cannot be trusted either.
  if (pairs === null) return { kind: 'forged', reason: 'body is not UTF-8 form data, so the signature cannot match' };
  if (!safeEqual(twilioSignature(authToken, req.url, pairs), signature)) {
    return { kind: 'forged', reason: 'X-Twilio-Signature does not match the URL and parameters' };
  }
  if (contentType !== 'application/x-www-form-urlencoded') {
    return { kind: 'malformed', reason: `content type ${contentType || '(none)'}: expected application/x-www-form-urlencoded`, payload: stored };
  }
  const form = formObject(pairs);
  const sid = form['MessageSid'];
  if (!sid) return { kind: 'malformed', reason: 'MessageSid: missing', payload: stored };
  const status = form['MessageStatus'];
  // Inbound messages say SmsStatus=received; status callbacks report our own messages' progress.
  const isReceipt = status !== undefined && status !== 'received' && status !== 'receiving';
  return isReceipt
    ? { kind: 'verified', stream: 'receipt', dedupeKey: `status:${sid}:${status}`, payload: stored }
    : { kind: 'verified', stream: 'inbound', dedupeKey: sid, payload: stored };
}
