// Signed visitor tokens and host-site user assertions (PROTOCOLS.md §11): HMAC-SHA256 over `visitorId.expiresAt`
// with the server's key, and hex(HMAC-SHA256(siteSecret, userId)) for logged-in users.
import { hmacDigest, safeEqual } from '../shared/hmac.js';

export function signVisitorToken(key: Buffer, visitorId: string, expiresAt: number): string {
  return `${visitorId}.${expiresAt}.${hmacDigest('sha256', key, `${visitorId}.${expiresAt}`, 'hex')}`;
}

export type VisitorTokenCheck = { readonly kind: 'valid'; readonly visitorId: string } | { readonly kind: 'invalid'; readonly reason: string };

export function checkVisitorToken(key: Buffer, token: string | undefined, now: number): VisitorTokenCheck {
  if (!token) return { kind: 'invalid', reason: 'visitor token missing' };
  const parts = token.split('.');
  if (parts.length !== 3) return { kind: 'invalid', reason: 'visitor token malformed' };
  const [visitorId, expires, signature] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(visitorId) || !/^\d{1,15}$/.test(expires)) return { kind: 'invalid', reason: 'visitor token malformed' };
  if (!safeEqual(hmacDigest('sha256', key, `${visitorId}.${expires}`, 'hex'), signature)) return { kind: 'invalid', reason: 'visitor token signature does not match' };
  if (Number(expires) < now) return { kind: 'invalid', reason: 'visitor token expired' };
  return { kind: 'valid', visitorId };
}

export function isValidUserHash(siteSecret: string, userId: string, userHash: string): boolean {
  return safeEqual(hmacDigest('sha256', siteSecret, userId, 'hex'), userHash);
}
