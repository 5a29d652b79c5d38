// One Graph API call and what its failure means. Meta errors are classified by `code`, never by text (a text
// whitelist missed code 190 in chatwoot#14729): 190 is a dead token, throttling codes are retryable with the
// usage header's wait, 5xx and timeouts are retryable, and other refusals go back to the caller, which knows
// whether they mean a closed messaging window.
import { ChannelError } from '../../domain/errors.js';
import { callProvider, type ProviderResponse } from '../shared/provider-call.js';
import { parseRetryAfter } from '../shared/rate-limit.js';
import { isThrottleCode, regainAccessMs } from './usage.js';
import { graphError } from './wire-schema.js';

export interface GraphTarget {
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly timeoutMs: number;
  readonly apiBaseUrl: string;
  readonly graphVersion: string;
  readonly token: string;
}

export type GraphOutcome =
  | { readonly kind: 'ok'; readonly body: unknown }
  | { readonly kind: 'refused'; readonly status: number; readonly code: number | undefined; readonly subcode: number | undefined; readonly message: string };

export const graphUrl = (t: GraphTarget, path: string): string => `${t.apiBaseUrl.replace(/\/$/, '')}/${t.graphVersion}/${path}`;

const DEFAULT_THROTTLE_WAIT_MS = 60_000;

function classify(t: GraphTarget, response: ProviderResponse, what: string): GraphOutcome {
  if (response.status < 300) return { kind: 'ok', body: response.body };
  const parsed = graphError.safeParse(response.body);
  const e = parsed.success ? parsed.data.error : undefined;
  const code = e?.code;
  const detail = e ? `Meta error ${code ?? '?'}${e.error_subcode === undefined ? '' : `/${e.error_subcode}`}: ${e.message ?? ''}`.trim() : response.text.slice(0, 200);
  if (code === 190) {
    throw new ChannelError('CHANNEL_AUTH_FAILED', `${what}: the access token is invalid, expired or revoked (${detail}); re-authorise the account`, { retryable: false });
  }
  if (response.status === 429 || isThrottleCode(code)) {
    const wait = regainAccessMs(response.headers) ?? parseRetryAfter(response.headers.get('retry-after'), t.now()) ?? DEFAULT_THROTTLE_WAIT_MS;
    throw new ChannelError('CHANNEL_RATE_LIMITED', `${what}: rate limited (${response.status}) ${detail}`, { retryable: true, retryAfterMs: wait });
  }
  // Codes 1 and 2 are Meta's "unknown error" and "service temporarily unavailable".
  if (response.status >= 500 || code === 1 || code === 2) {
    throw new ChannelError('CHANNEL_UNAVAILABLE', `${what}: Meta answered ${response.status} ${detail}`, { retryable: true });
  }
  return { kind: 'refused', status: response.status, code, subcode: e?.error_subcode, message: detail };
}

export async function graphRequest(t: GraphTarget, method: 'GET' | 'POST', path: string, body: unknown, what: string): Promise<GraphOutcome> {
  const response = await callProvider(t.fetch, graphUrl(t, path), {
    method,
    headers: { authorization: `Bearer ${t.token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    timeoutMs: t.timeoutMs,
    now: t.now,
    what,
  });
  return classify(t, response, what);
}

/** A refusal no retry can fix, as the error the outbox records. */
export function refusal(outcome: Extract<GraphOutcome, { kind: 'refused' }>, what: string, meaning?: string): ChannelError {
  return new ChannelError('CHANNEL_REJECTED', `${what}: refused (${outcome.status}) ${outcome.message}${meaning ? ` — ${meaning}` : ''}`, { retryable: false });
}
