// Signature checks every push channel needs: HMAC digests over raw bytes and a timing-safe comparison
// (PROTOCOLS.md §0 rule 1; reference vectors in §15 are the unit tests).
import { createHmac, timingSafeEqual } from 'node:crypto';

export type HmacAlgorithm = 'sha1' | 'sha256';

export function hmacDigest(algorithm: HmacAlgorithm, key: string | Buffer, message: string | Buffer, encoding: 'hex' | 'base64'): string {
  return createHmac(algorithm, key).update(message).digest(encoding);
}

/** Constant-time string equality; a length mismatch returns false without comparing contents. */
export function safeEqual(expected: string, actual: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(actual, 'utf8');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

/** True when `signature` equals HMAC(key, message) in the given encoding (after an optional prefix like `sha256=`). */
export function isValidHmac(options: {
  readonly algorithm: HmacAlgorithm;
  readonly key: string | Buffer;
  readonly message: string | Buffer;
  readonly encoding: 'hex' | 'base64';
  readonly signature: string | undefined;
  readonly prefix?: string;
}): boolean {
  if (options.signature === undefined || options.signature === '') return false;
  const expected = (options.prefix ?? '') + hmacDigest(options.algorithm, options.key, options.message, options.encoding);
  return safeEqual(expected, options.signature);
}
