// Influence of the author: followers on a log scale (a million followers ≈ 1), the verified flag and the
// reach of the post itself, so a small problem with a large audience is seen before it becomes a crisis.
import type { Signal, TriageInput } from '../domain/triage-result.js';
import { makeSignal } from './signal.js';

const FOLLOWERS_FOR_FULL = 6; // log10 of 1,000,000
const VERIFIED_BONUS = 0.2;
const REACH_CAP = 0.2;

/** 1234567 → "1,234,567" without Intl, which costs more than the rest of this signal. */
function withCommas(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function rateInfluence(input: TriageInput): Signal<number> {
  const followers = Number.isFinite(input.author?.followers) ? Math.max(0, input.author?.followers ?? 0) : 0;
  const reach = Number.isFinite(input.reach) ? Math.max(0, input.reach ?? 0) : 0;
  const verified = input.author?.verified === true;
  const value = Math.min(1, Math.log10(1 + followers) / FOLLOWERS_FOR_FULL + (verified ? VERIFIED_BONUS : 0) + Math.min(REACH_CAP, Math.log10(1 + reach) / 20));
  const reasons = [
    ...(followers > 0 ? [`${withCommas(followers)} followers`] : []),
    ...(verified ? ['verified author'] : []),
    ...(reach > 0 ? [`post reach ${withCommas(reach)}`] : []),
  ];
  return makeSignal(Math.round(value * 100) / 100, value, reasons);
}
