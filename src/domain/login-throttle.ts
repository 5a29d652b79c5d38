// Lock-out after repeated failed logins: pure, so the policy tests with plain numbers and a fake clock.
import type { EpochMs } from './ids.js';

export interface LoginThrottlePolicy {
  /** Consecutive failures that lock the account. */
  readonly maxFailures: number;
  /** First lock length; each further run of `maxFailures` doubles it, up to `maxLockMs`. */
  readonly lockMs: number;
  readonly maxLockMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottlePolicy = { maxFailures: 5, lockMs: 15 * 60_000, maxLockMs: 24 * 3_600_000 };

export interface LoginThrottleState {
  readonly failedLogins: number;
  readonly lockedUntil: EpochMs | null;
}

export type LoginGate = { readonly kind: 'open' } | { readonly kind: 'locked'; readonly retryAfterMs: number };

export function loginGate(state: LoginThrottleState, now: EpochMs): LoginGate {
  return state.lockedUntil !== null && state.lockedUntil > now ? { kind: 'locked', retryAfterMs: state.lockedUntil - now } : { kind: 'open' };
}

/** The state after one more failure; every `maxFailures`-th consecutive failure starts a lock. */
export function afterLoginFailure(state: LoginThrottleState, now: EpochMs, policy: LoginThrottlePolicy = DEFAULT_LOGIN_THROTTLE): LoginThrottleState {
  const failedLogins = state.failedLogins + 1;
  if (failedLogins % policy.maxFailures !== 0) return { failedLogins, lockedUntil: state.lockedUntil };
  const runs = failedLogins / policy.maxFailures;
  const lockMs = Math.min(policy.maxLockMs, policy.lockMs * 2 ** (runs - 1));
  return { failedLogins, lockedUntil: now + lockMs };
}
