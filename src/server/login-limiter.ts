// Login attempts per client IP in a fixed one-minute window, in this process's memory: the per-account lock-out
// lives in the database (store/agent-store) and holds across processes; this only slows one source down.
import type { EpochMs } from '../domain/ids.js';

export interface LoginLimiter {
  /** Counts one attempt; returns how long to wait when over the limit, else 0. */
  take(ip: string, now: EpochMs): number;
}

export function createLoginLimiter(perMinute: number): LoginLimiter {
  const windows = new Map<string, { start: EpochMs; count: number }>();
  return {
    take(ip, now) {
      if (windows.size > 10_000) for (const [k, w] of windows) if (now - w.start >= 60_000) windows.delete(k);
      const w = windows.get(ip);
      if (!w || now - w.start >= 60_000) {
        windows.set(ip, { start: now, count: 1 });
        return 0;
      }
      w.count++;
      return w.count > perMinute ? w.start + 60_000 - now : 0;
    },
  };
}
