// HTTP Basic credentials on inbound-parse webhooks that are not signed (Postmark, SendGrid; PROTOCOLS.md §9):
// the provider calls `https://user:password@desk/hooks/email/<id>/<provider>`, which arrives as an Authorization
// header. Compared timing-safe, user and password both, so neither leaks through timing.
import { safeEqual } from '../shared/hmac.js';

export function hasBasicAuth(authorization: string | undefined, user: string, password: string): boolean {
  if (authorization === undefined) return false;
  const m = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
  if (!m) return false;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const at = decoded.indexOf(':');
  if (at < 0) return false;
  // Both comparisons run, so a wrong user takes as long as a wrong password.
  const userOk = safeEqual(user, decoded.slice(0, at));
  const passwordOk = safeEqual(password, decoded.slice(at + 1));
  return userOk && passwordOk;
}
