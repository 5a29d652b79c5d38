// CTI pushes authenticate with a secret token as the last path segment (PROTOCOLS.md §12): compared timing-safe.
// The body is read only far enough to find the dedupe key `(callId, event)`.
import type { RawWebhook, VerifyOutcome } from '../connector.js';
import { formAll, formObject, parseFormBody } from '../shared/form-body.js';
import { safeEqual } from '../shared/hmac.js';
import { toStoredWebhook } from '../shared/stored-webhook.js';

export function decodeCtiBody(contentType: string, raw: Buffer): Record<string, unknown> | string {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      return 'body: not valid UTF-8';
    }
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : 'body: expected a JSON object';
    } catch (err) {
      return `body: malformed JSON (${(err as Error).message})`;
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    const pairs = parseFormBody(raw);
    if (pairs === null) return 'body: not UTF-8 form data';
    const users = [...formAll(pairs, 'user[]'), ...formAll(pairs, 'user')];
    const obj: Record<string, unknown> = formObject(pairs.filter(([k]) => k !== 'user[]' && k !== 'user'));
    if (users.length > 0) obj['user'] = users;
    return obj;
  }
  return `content type ${type || '(none)'}: expected application/json or application/x-www-form-urlencoded`;
}

export function verifyCtiWebhook(token: string, req: RawWebhook, now: number): VerifyOutcome {
  const path = new URL(req.url).pathname.replace(/\/+$/, '');
  const given = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
  if (!safeEqual(token, given)) return { kind: 'forged', reason: 'CTI path token does not match' };
  const stored = toStoredWebhook(req, [], now);
  const decoded = decodeCtiBody(req.headers['content-type'] ?? '', req.rawBody);
  if (typeof decoded === 'string') return { kind: 'malformed', reason: decoded, payload: stored };
  const callId = decoded['callId'];
  const event = decoded['event'];
  if (typeof callId !== 'string' || typeof event !== 'string') return { kind: 'malformed', reason: 'callId and event: required strings', payload: stored };
  return { kind: 'verified', stream: 'inbound', dedupeKey: `${callId}:${event}`, payload: stored };
}
