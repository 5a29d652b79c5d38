// The pure rules of a web chat session (PROTOCOLS.md §11): which origins may embed the widget, which visitor id a
// (possibly host-asserted) visitor gets, and how long a visitor token lives.
import { createHash, randomBytes } from 'node:crypto';
import { isValidUserHash } from './visitor-token.js';
import type { WebchatConfig } from './config-schema.js';

export const VISITOR_TOKEN_TTL_MS = 30 * 86_400_000;

export function isOriginAllowed(settings: WebchatConfig, origin: string | undefined): boolean {
  if (settings.allowedOrigins.includes('*')) return true;
  return origin !== undefined && settings.allowedOrigins.includes(origin);
}

export type VisitorIdentity = { readonly kind: 'ok'; readonly visitorId: string } | { readonly kind: 'rejected'; readonly reason: string };

/**
 * A host-asserted user gets the same visitor id on every device (derived from the user id); an anonymous visitor
 * gets a fresh random one. A user id without a valid hash is refused rather than silently made anonymous.
 */
export function visitorIdentity(settings: WebchatConfig, channelAccountId: string, user: { userId?: string; userHash?: string }): VisitorIdentity {
  if (user.userId === undefined) return { kind: 'ok', visitorId: `v_${randomBytes(12).toString('base64url')}` };
  if (!settings.siteSecret) return { kind: 'rejected', reason: 'this chat does not accept logged-in users (no siteSecret configured)' };
  if (!user.userHash || !isValidUserHash(settings.siteSecret, user.userId, user.userHash)) return { kind: 'rejected', reason: 'userHash does not match userId' };
  const digest = createHash('sha256').update(`${channelAccountId}\u0000${user.userId}`).digest('base64url').slice(0, 22);
  return { kind: 'ok', visitorId: `u_${digest}` };
}
