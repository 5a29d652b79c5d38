import { describe, expect, it } from 'vitest';
import { parseRateLimit, parseRetryAfter, RATE_LIMIT_HEADERS, waitForRateLimit } from '../../../../src/channels/shared/rate-limit.js';
import { backoffDelay } from '../../../../src/channels/shared/backoff.js';

const NOW = 1_700_000_000_000;

describe('parseRateLimit', () => {
  it('reads X headers with an epoch-seconds reset', () => {
    const h = new Headers({ 'x-rate-limit-limit': '900', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '1700000060' });
    expect(parseRateLimit(h, RATE_LIMIT_HEADERS.x, NOW)).toEqual({ limit: 900, remaining: 0, resetAt: 1_700_000_060_000 });
  });
  it('reads Reddit headers with a seconds-from-now reset', () => {
    expect(parseRateLimit({ 'x-ratelimit-remaining': '42.0', 'x-ratelimit-reset': '30' }, RATE_LIMIT_HEADERS.reddit, NOW)).toEqual({
      limit: null,
      remaining: 42,
      resetAt: NOW + 30_000,
    });
  });
  it('reads Mastodon headers with an ISO 8601 reset', () => {
    const h = new Headers({ 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '2023-11-14T22:15:00.000Z' });
    expect(parseRateLimit(h, RATE_LIMIT_HEADERS.mastodon, NOW)?.resetAt).toBe(Date.parse('2023-11-14T22:15:00.000Z'));
  });
  it('returns null when the provider sent none of its headers', () => {
    expect(parseRateLimit(new Headers(), RATE_LIMIT_HEADERS.bluesky, NOW)).toBeNull();
  });
  it('waits until the reset only when nothing remains', () => {
    expect(waitForRateLimit({ limit: 10, remaining: 0, resetAt: NOW + 5000 }, NOW)).toBe(5000);
    expect(waitForRateLimit({ limit: 10, remaining: 3, resetAt: NOW + 5000 }, NOW)).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and ignores garbage', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7000);
    expect(parseRetryAfter(new Date(NOW + 12_000).toUTCString(), NOW)).toBe(12_000);
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
  });
});

describe('backoffDelay', () => {
  it('grows exponentially with jitter, is capped, and never undercuts Retry-After', () => {
    const policy = { baseMs: 1000, maxMs: 60_000 };
    expect(backoffDelay(1, policy, () => 1)).toBe(1000);
    expect(backoffDelay(3, policy, () => 0)).toBe(2000);
    expect(backoffDelay(3, policy, () => 1)).toBe(4000);
    expect(backoffDelay(20, policy, () => 1)).toBe(60_000);
    expect(backoffDelay(1, policy, () => 1, 30_000)).toBe(30_000);
  });
});
