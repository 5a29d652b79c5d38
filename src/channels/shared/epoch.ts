// Provider timestamps → epoch ms: Meta mixes seconds and milliseconds within one payload family, others send ISO.
import type { EpochMs } from '../../domain/ids.js';

/** Seconds or milliseconds, told apart by size (no real timestamp in seconds reaches 10^11 before the year 5000). */
export function epochMsOf(t: number): EpochMs {
  return t < 100_000_000_000 ? Math.round(t * 1000) : Math.round(t);
}

/** ISO 8601 → epoch ms; `fallback` when the provider sent something unreadable. */
export function epochMsOfIso(value: string | undefined, fallback: EpochMs): EpochMs {
  if (value === undefined) return fallback;
  const t = Date.parse(value);
  return Number.isNaN(t) ? fallback : t;
}
