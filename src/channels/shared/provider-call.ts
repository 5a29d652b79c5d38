// One provider HTTP call with a timeout, and the mapping from its failure to a ChannelError: 5xx, 429 and timeouts
// are retryable (with Retry-After when given); other 4xx are refusals that cannot succeed by retrying.
import { ChannelError } from '../../domain/errors.js';
import { parseRetryAfter } from './rate-limit.js';

export interface ProviderResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly text: string;
}

export async function callProvider(
  fetchFn: typeof fetch,
  url: string,
  init: RequestInit & { readonly timeoutMs: number; readonly now: () => number; readonly what: string },
): Promise<ProviderResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), init.timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetchFn(url, { ...init, signal: controller.signal });
    text = await response.text();
  } catch (cause) {
    const timedOut = controller.signal.aborted;
    throw new ChannelError('CHANNEL_UNAVAILABLE', `${init.what}: ${timedOut ? `no answer within ${init.timeoutMs} ms` : (cause as Error).message}`, {
      retryable: true,
      cause,
      details: { ambiguous: true },
    });
  } finally {
    clearTimeout(timer);
  }
  let body: unknown = null;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** Throws the ChannelError a non-2xx answer means; `describe` extracts the provider's own code and message. */
export function throwForStatus(response: ProviderResponse, what: string, now: number, describe: (body: unknown) => string): void {
  if (response.status < 300) return;
  const detail = describe(response.body) || response.text.slice(0, 200);
  if (response.status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
    throw new ChannelError('CHANNEL_RATE_LIMITED', `${what}: rate limited (429) ${detail}`.trim(), {
      retryable: true,
      ...(retryAfterMs === null ? {} : { retryAfterMs }),
    });
  }
  if (response.status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
    throw new ChannelError('CHANNEL_UNAVAILABLE', `${what}: provider answered ${response.status} ${detail}`.trim(), {
      retryable: true,
      ...(retryAfterMs === null ? {} : { retryAfterMs }),
    });
  }
  throw new ChannelError(response.status === 401 || response.status === 403 ? 'CHANNEL_AUTH_FAILED' : 'CHANNEL_REJECTED', `${what}: provider refused (${response.status}) ${detail}`.trim(), {
    retryable: false,
  });
}
