// Spike and crisis detection on hourly counts: each hour is compared with the same hour of the week in earlier
// weeks (seasonal baseline), under a Poisson model of the expected volume. A baseline from a few weeks is itself
// noisy, so the test uses its upper bound (mean + 2·√(mean/weeks)) and alarms above that bound's
// (1 − falseAlarmRate) Poisson quantile: on normal traffic at most about `falseAlarmRate` of hours alarm. One
// alert per run of consecutive spike hours, so a long spike is one alert, not a storm.
export const HOURS_PER_WEEK = 168;

export interface SpikeDetectorOptions {
  /** Wanted share of normal hours that still alarm (default 0.001: about one false alarm in six weeks of hours). */
  readonly falseAlarmRate: number;
  /** Weeks of history the baseline needs before it alarms at all. */
  readonly minWeeks: number;
  /** A spike must also be this many times the baseline (avoids alarms on 1 → 4 messages). */
  readonly minRatio: number;
  /** …and at least this many messages in the hour. */
  readonly minCount: number;
}

export const DEFAULT_SPIKE_OPTIONS: SpikeDetectorOptions = { falseAlarmRate: 0.001, minWeeks: 2, minRatio: 2, minCount: 10 };

export interface SpikeAlert {
  /** Index of the first hour of the spike in the series. */
  readonly startHour: number;
  readonly endHour: number;
  readonly peakCount: number;
  readonly expected: number;
  readonly reason: string;
}

/** Smallest k with P(X ≤ k) ≥ p for X ~ Poisson(mean), by summing the probabilities (means here stay small). */
export function poissonQuantile(mean: number, p: number): number {
  if (mean <= 0) return 0;
  if (mean > 500) return Math.ceil(mean + Math.sqrt(mean) * normalQuantile(p)); // normal approximation
  let k = 0;
  let term = Math.exp(-mean);
  let cumulative = term;
  while (cumulative < p) {
    k++;
    term *= mean / k;
    cumulative += term;
  }
  return k;
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9), 0 < p < 1. */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  const low = 0.02425;
  if (p < low) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - low) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

export interface Baseline {
  /** Mean of the same hour of the week in earlier weeks. */
  readonly expected: number;
  /** Upper bound of that mean allowing for how few weeks it is made of. */
  readonly upper: number;
}

/** The seasonal baseline of an hour, or null without `minWeeks` of history. */
export function seasonalBaseline(counts: readonly number[], hour: number, minWeeks: number): Baseline | null {
  const previous: number[] = [];
  for (let h = hour - HOURS_PER_WEEK; h >= 0; h -= HOURS_PER_WEEK) previous.push(counts[h]!);
  if (previous.length < minWeeks) return null;
  const expected = previous.reduce((s, x) => s + x, 0) / previous.length;
  return { expected, upper: expected + 2 * Math.sqrt(Math.max(expected, 0.5) / previous.length) };
}

export function detectSpikes(counts: readonly number[], options: SpikeDetectorOptions = DEFAULT_SPIKE_OPTIONS): SpikeAlert[] {
  const alerts: SpikeAlert[] = [];
  let open: { start: number; end: number; peak: number; expected: number } | null = null;
  for (let hour = 0; hour < counts.length; hour++) {
    const count = counts[hour]!;
    const baseline = seasonalBaseline(counts, hour, options.minWeeks);
    const expected = baseline?.expected ?? 0;
    const isSpike =
      baseline !== null &&
      count >= options.minCount &&
      count >= options.minRatio * Math.max(expected, 0.5) &&
      count > poissonQuantile(baseline.upper, 1 - options.falseAlarmRate);
    if (isSpike) {
      if (open && open.end === hour - 1) {
        open.end = hour;
        if (count > open.peak) [open.peak, open.expected] = [count, expected];
      } else {
        if (open) alerts.push(toAlert(open));
        open = { start: hour, end: hour, peak: count, expected };
      }
    }
  }
  if (open) alerts.push(toAlert(open));
  return alerts;
}

function toAlert(s: { start: number; end: number; peak: number; expected: number }): SpikeAlert {
  return {
    startHour: s.start,
    endHour: s.end,
    peakCount: s.peak,
    expected: Math.round(s.expected * 10) / 10,
    reason: `${s.peak} messages in an hour where the same hour of earlier weeks averaged ${s.expected.toFixed(1)}`,
  };
}
