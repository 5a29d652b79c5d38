// Links a customer opens without an account (private handoff, CSAT survey): `<id>.<expiry>.<signature>`, an
// HMAC-SHA256 with a key derived from the data-dir secret, so a changed id, kind or expiry fails the check
// before the database is asked anything. Single use is the store's job.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type LinkKind = 'handoff' | 'csat';

export type LinkCheck = { readonly ok: true; readonly id: string } | { readonly ok: false; readonly reason: 'invalid' | 'expired' };

const keyFor = (secret: Buffer, kind: LinkKind) => createHmac('sha256', secret).update(`earshot-link:${kind}`).digest();
const mac = (secret: Buffer, kind: LinkKind, id: string, expiresAtSec: number) =>
  createHmac('sha256', keyFor(secret, kind)).update(`${id}.${expiresAtSec}`).digest('base64url');

export function signLink(secret: Buffer, kind: LinkKind, id: string, expiresAtMs: number): string {
  const exp = Math.floor(expiresAtMs / 1000);
  return `${id}.${exp}.${mac(secret, kind, id, exp)}`;
}

export function checkLink(secret: Buffer, kind: LinkKind, token: string, nowMs: number): LinkCheck {
  const m = /^([0-9a-f-]{36})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, reason: 'invalid' };
  const [, id, expText, sig] = m as unknown as [string, string, string, string];
  const expected = Buffer.from(mac(secret, kind, id, Number(expText)));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
  if (Number(expText) * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, id };
}
