// Message-IDs (RFC 5322 §3.6.4) as the email channel's external ids: normalised to `<left@right>`, read from
// In-Reply-To/References lists, derived from a SHA-256 when a message has none (PROTOCOLS.md §9), and made for
// our own replies from the outbox item's idempotency key, so every attempt of one reply carries the same id.
import { createHash } from 'node:crypto';

const ID = /<([^<>\s]+)>/g;

/** `<id>` from a header value (or a bare `id`); null when there is nothing id-like. */
export function normaliseMessageId(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  const bracketed = /<([^<>\s]+)>/.exec(trimmed);
  if (bracketed) return `<${bracketed[1]}>`;
  return /^[^<>\s]+$/.test(trimmed) ? `<${trimmed}>` : null;
}

/** Every `<id>` in an In-Reply-To or References value, in order, without repeats. */
export function messageIdList(value: string | readonly string[] | null | undefined): string[] {
  if (value === null || value === undefined) return [];
  const text = typeof value === 'string' ? value : value.join(' ');
  const ids = [...text.matchAll(ID)].map((m) => `<${m[1]}>`);
  if (ids.length === 0) {
    // Some senders omit the brackets around a single id.
    const bare = normaliseMessageId(text);
    return bare ? [bare] : [];
  }
  return [...new Set(ids)];
}

export function sha256Id(content: string | Buffer): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

/** Our own Message-ID for one reply: stable across retries of the same outbox item. */
export function replyMessageId(idempotencyKey: string, fromAddress: string): string {
  const domain = fromAddress.includes('@') ? fromAddress.slice(fromAddress.lastIndexOf('@') + 1) : 'earshot.invalid';
  const local = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<earshot.${local}@${domain}>`;
}
