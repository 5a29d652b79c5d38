// OAuth 1.0a HMAC-SHA1 request signing (RFC 5849 §3.4), which X requires for user-context writes (replies, DMs).
// JSON bodies are not part of the signature; only query and form parameters are.
import { createHmac } from 'node:crypto';

/** RFC 3986 percent-encoding: encodeURIComponent leaves !'()* alone, OAuth does not. */
export const percentEncode = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface OAuth1Request {
  readonly method: string;
  readonly url: string;
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly token: string;
  readonly tokenSecret: string;
  readonly nonce: string;
  /** Unix seconds. */
  readonly timestamp: number;
  /** Form-encoded body parameters, which the signature covers. */
  readonly formParams?: readonly (readonly [string, string])[];
}

export function oauth1Signature(r: OAuth1Request, oauthParams: readonly (readonly [string, string])[]): string {
  const u = new URL(r.url);
  const params = [...oauthParams, ...u.searchParams, ...(r.formParams ?? [])]
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const base = [r.method.toUpperCase(), percentEncode(`${u.protocol}//${u.host}${u.pathname}`), percentEncode(params.map(([k, v]) => `${k}=${v}`).join('&'))].join('&');
  return createHmac('sha1', `${percentEncode(r.consumerSecret)}&${percentEncode(r.tokenSecret)}`).update(base).digest('base64');
}

export function oauth1Header(r: OAuth1Request): string {
  const oauth: [string, string][] = [
    ['oauth_consumer_key', r.consumerKey],
    ['oauth_nonce', r.nonce],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', String(r.timestamp)],
    ['oauth_token', r.token],
    ['oauth_version', '1.0'],
  ];
  const signed = [...oauth, ['oauth_signature', oauth1Signature(r, oauth)] as [string, string]];
  return `OAuth ${signed.map(([k, v]) => `${percentEncode(k)}="${percentEncode(v)}"`).join(', ')}`;
}
