// Mailgun inbound routes (PROTOCOLS.md §9, Mailgun "Securing webhooks"): the form carries timestamp, token and
// signature = hex(HMAC-SHA256(signing key, timestamp + token)). Stale timestamps and reused tokens are refused,
// so a captured delivery cannot be replayed with another body. Then either `body-mime` (URL ending in `mime`)
// or the parsed fields: `message-headers` (JSON [name, value] pairs), `body-plain`, `body-html`, `attachment-N`.
import { isValidHmac } from '../shared/hmac.js';
import { fieldsToEmail } from './fields-to-email.js';
import { formFiles, formText, readForm, type ProviderResult } from './inbound-result.js';
import { mimeToEmail } from './mime-to-email.js';

/** How far a delivery's timestamp may be from our clock, either way. */
export const MAILGUN_MAX_SKEW_MS = 5 * 60_000;

/**
 * Tokens seen per account, until their timestamp leaves the window (after which the timestamp check refuses them
 * anyway). In memory: a restart forgets them, but then only deliveries from the last five minutes could be replayed,
 * and the store's Message-ID dedupe still keeps such a replay from adding a message.
 */
const seenTokens = new Map<string, Map<string, number>>();

function claimToken(accountId: string, token: string, expiresAt: number, now: number): boolean {
  let tokens = seenTokens.get(accountId);
  if (!tokens) {
    tokens = new Map();
    seenTokens.set(accountId, tokens);
  }
  for (const [t, until] of tokens) if (until < now) tokens.delete(t);
  if (tokens.has(token)) return false;
  tokens.set(token, expiresAt);
  return true;
}

function headerBlock(json: string | null): string | null {
  if (json === null) return '';
  try {
    const pairs: unknown = JSON.parse(json);
    if (!Array.isArray(pairs)) return null;
    const lines: string[] = [];
    for (const p of pairs) {
      if (!Array.isArray(p) || typeof p[0] !== 'string' || typeof p[1] !== 'string') return null;
      lines.push(`${p[0]}: ${p[1].replace(/\r?\n/g, ' ')}`);
    }
    return lines.join('\r\n');
  } catch {
    return null;
  }
}

export async function decodeMailgun(options: {
  readonly signingKey: string;
  readonly accountId: string;
  readonly rawBody: Buffer;
  readonly contentType: string;
  readonly now: number;
}): Promise<ProviderResult> {
  const form = await readForm(options.rawBody, options.contentType);
  // Without readable fields there is no timestamp or token to check, so the delivery cannot be trusted.
  if (form === null) return { kind: 'forged', reason: 'body is not a form, so the Mailgun signature cannot be checked' };
  const timestamp = formText(form, 'timestamp') ?? '';
  const token = formText(form, 'token') ?? '';
  const signature = formText(form, 'signature') ?? undefined;
  if (!/^\d{1,12}$/.test(timestamp) || token === '') return { kind: 'forged', reason: 'timestamp or token missing' };
  if (!isValidHmac({ algorithm: 'sha256', key: options.signingKey, message: timestamp + token, encoding: 'hex', signature })) {
    return { kind: 'forged', reason: 'signature does not match HMAC-SHA256(signing key, timestamp + token)' };
  }
  const sentAt = Number(timestamp) * 1000;
  if (Math.abs(options.now - sentAt) > MAILGUN_MAX_SKEW_MS) {
    return { kind: 'forged', reason: `timestamp ${timestamp} is more than ${MAILGUN_MAX_SKEW_MS / 60_000} minutes from now (replay?)` };
  }
  if (!claimToken(options.accountId, token, sentAt + MAILGUN_MAX_SKEW_MS, options.now)) {
    return { kind: 'forged', reason: 'token already used (replayed delivery)' };
  }

  const mime = form.get('body-mime');
  if (mime !== null) {
    const raw = typeof mime === 'string' ? Buffer.from(mime, 'utf8') : Buffer.from(await mime.arrayBuffer());
    return { kind: 'email', email: await mimeToEmail(raw, { source: 'mailgun', receivedAt: options.now }) };
  }
  const block = headerBlock(formText(form, 'message-headers'));
  if (block === null) return { kind: 'malformed', reason: 'message-headers: expected a JSON array of [name, value] pairs' };
  const sender = formText(form, 'from') ?? formText(form, 'sender');
  if (block === '' && sender === null) return { kind: 'malformed', reason: 'from: missing (and no message-headers)' };
  const email = await fieldsToEmail({
    source: 'mailgun',
    receivedAt: options.now,
    headerBlock: block === '' ? `From: ${sender}\r\nSubject: ${formText(form, 'subject') ?? ''}` : block,
    text: formText(form, 'body-plain'),
    html: formText(form, 'body-html'),
    attachments: formFiles(form)
      .filter((f) => /^attachment-\d+$/.test(f.field))
      .map(({ file }) => ({ filename: file.name || null, contentType: file.type || 'application/octet-stream', size: file.size, contentId: null })),
  });
  if (email.from === null) return { kind: 'malformed', reason: 'from: no sender address in the delivery' };
  return { kind: 'email', email };
}
