// One X API call and what its failure means (PROTOCOLS.md §1): 429 waits until `x-rate-limit-reset` (epoch
// seconds), 401 / code 89 means the token is dead, 5xx and timeouts are retryable, other refusals are final.
import { randomBytes } from 'node:crypto';
import { ChannelError } from '../../domain/errors.js';
import type { ConnectorContext } from '../connector.js';
import { callProvider, type ProviderResponse } from '../shared/provider-call.js';
import { parseRateLimit, parseRetryAfter, RATE_LIMIT_HEADERS } from '../shared/rate-limit.js';
import type { XConfig } from './config-schema.js';
import { oauth1Header } from './oauth1.js';
import { v1Errors, v2Error } from './wire-schema.js';

export type XAuth = 'app' | 'user';

function describe(body: unknown): string {
  const v2 = v2Error.safeParse(body);
  if (v2.success && (v2.data.title || v2.data.detail)) return [v2.data.title, v2.data.detail].filter(Boolean).join(': ');
  const v1 = v1Errors.safeParse(body);
  if (v1.success) return v1.data.errors.map((e) => `code ${e.code ?? '?'} ${e.message ?? ''}`.trim()).join('; ');
  return '';
}

function failure(ctx: ConnectorContext<XConfig>, response: ProviderResponse, what: string): ChannelError {
  const detail = describe(response.body) || response.text.slice(0, 200);
  const now = ctx.now();
  if (response.status === 429) {
    const reset = parseRateLimit(response.headers, RATE_LIMIT_HEADERS.x, now)?.resetAt;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now) ?? (reset ? Math.max(0, reset - now) : 15 * 60_000);
    return new ChannelError('CHANNEL_RATE_LIMITED', `${what}: rate limited (429) ${detail}`, { retryable: true, retryAfterMs });
  }
  if (response.status === 401) {
    return new ChannelError('CHANNEL_AUTH_FAILED', `${what}: X refused the credentials (401) ${detail}; re-authorise the account`, { retryable: false });
  }
  if (response.status >= 500) return new ChannelError('CHANNEL_UNAVAILABLE', `${what}: X answered ${response.status} ${detail}`, { retryable: true });
  return new ChannelError('CHANNEL_REJECTED', `${what}: X refused (${response.status}) ${detail}`, { retryable: false });
}

export async function callX(ctx: ConnectorContext<XConfig>, options: { method: 'GET' | 'POST'; path: string; auth: XAuth; body?: unknown; what: string }): Promise<ProviderResponse> {
  const s = ctx.settings;
  const url = `${s.apiBaseUrl.replace(/\/$/, '')}${options.path}`;
  const authorization =
    options.auth === 'app'
      ? `Bearer ${s.bearerToken}`
      : oauth1Header({
          method: options.method,
          url,
          consumerKey: s.consumerKey,
          consumerSecret: s.consumerSecret,
          token: s.accessToken,
          tokenSecret: s.accessTokenSecret,
          nonce: randomBytes(16).toString('hex'),
          timestamp: Math.floor(ctx.now() / 1000),
        });
  const response = await callProvider(ctx.fetch, url, {
    method: options.method,
    headers: { authorization, accept: 'application/json', ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    timeoutMs: ctx.timeoutMs,
    now: ctx.now,
    what: options.what,
  });
  if (response.status >= 300) throw failure(ctx, response, options.what);
  return response;
}
