// Bearer secrets (session cookies, API tokens, setup links): 32 random bytes, stored only as a SHA-256 hash.
import { createHash, randomBytes } from 'node:crypto';

export function newCredentialToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function hashCredentialToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
