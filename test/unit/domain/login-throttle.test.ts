import { describe, expect, it } from 'vitest';
import { afterLoginFailure, loginGate, type LoginThrottleState } from '../../../src/domain/login-throttle.js';

const policy = { maxFailures: 3, lockMs: 1000, maxLockMs: 3000 };

describe('loginThrottle', () => {
  it('locks on every third consecutive failure, doubling the lock up to the cap', () => {
    let s: LoginThrottleState = { failedLogins: 0, lockedUntil: null };
    s = afterLoginFailure(s, 0, policy);
    s = afterLoginFailure(s, 0, policy);
    expect(loginGate(s, 0)).toEqual({ kind: 'open' });
    s = afterLoginFailure(s, 10, policy);
    expect(loginGate(s, 10)).toEqual({ kind: 'locked', retryAfterMs: 1000 });
    expect(loginGate(s, 1010)).toEqual({ kind: 'open' });
    for (let i = 0; i < 3; i++) s = afterLoginFailure(s, 2000, policy);
    expect(s.lockedUntil).toBe(4000);
    for (let i = 0; i < 6; i++) s = afterLoginFailure(s, 5000, policy);
    expect(s.lockedUntil).toBe(8000);
  });
});
