// Provider rate-limit headers → one RateLimitState, and `Retry-After` → milliseconds (PROTOCOLS.md §0 rule 7, §13).
import type { EpochMs } from '../../domain/ids.js';

export interface RateLimitState {
  readonly limit: number | null;
  readonly remaining: number | null;
  /** When the window resets; null when the provider does not say. */
  readonly resetAt: EpochMs | null;
}

export type ResetUnit = 'epoch-seconds' | 'seconds-from-now' | 'iso-8601';

/** Header families by provider: X, Reddit, Mastodon and Bluesky each name and express the reset differently. */
export const RATE_LIMIT_HEADERS = {
  x: { limit: 'x-rate-limit-limit', remaining: 'x-rate-limit-remaining', reset: 'x-rate-limit-reset', unit: 'epoch-seconds' },
  reddit: { limit: null, remaining: 'x-ratelimit-remaining', reset: 'x-ratelimit-reset', unit: 'seconds-from-now' },
  mastodon: { limit: 'x-ratelimit-limit', remaining: 'x-ratelimit-remaining', reset: 'x-ratelimit-reset', unit: 'iso-8601' },
  bluesky: { limit: 'ratelimit-limit', remaining: 'ratelimit-remaining', reset: 'ratelimit-reset', unit: 'epoch-seconds' },
} as const satisfies Record<string, { limit: string | null; remaining: string; reset: string; unit: ResetUnit }>;

type HeaderSource = Headers | Readonly<Record<string, string | undefined>>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  return headers[name] ?? headers[name.toLowerCase()];
}

function number(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : null;
}

export function parseRateLimit(
  headers: HeaderSource,
  family: { readonly limit: string | null; readonly remaining: string; readonly reset: string; readonly unit: ResetUnit },
  now: EpochMs,
): RateLimitState | null {
  const remaining = number(header(headers, family.remaining));
  const limit = family.limit === null ? null : number(header(headers, family.limit));
  const resetRaw = header(headers, family.reset);
  let resetAt: EpochMs | null = null;
  if (resetRaw !== undefined) {
    if (family.unit === 'iso-8601') {
      const t = Date.parse(resetRaw);
      resetAt = Number.isNaN(t) ? null : t;
    } else {
      const n = number(resetRaw);
      resetAt = n === null ? null : family.unit === 'epoch-seconds' ? n * 1000 : now + n * 1000;
    }
  }
  if (remaining === null && limit === null && resetAt === null) return null;
  return { limit, remaining, resetAt };
}

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: EpochMs): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const t = Date.parse(trimmed);
  return Number.isNaN(t) ? null : Math.max(0, t - now);
}

/** How long to wait before the next call: until the reset when nothing remains, otherwise not at all. */
export function waitForRateLimit(state: RateLimitState | null, now: EpochMs): number {
  if (state === null || state.remaining === null || state.remaining > 0 || state.resetAt === null) return 0;
  return Math.max(0, state.resetAt - now);
}
