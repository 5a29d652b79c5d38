import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/pipeline/demo-data.js';
import { detectSpikes, HOURS_PER_WEEK, normalQuantile, poissonQuantile } from '../../../src/insights/spike-detector.js';

/** Poisson sample by inversion (small means) from the project's seeded generator. */
function poisson(random: () => number, mean: number): number {
  let k = 0;
  let p = Math.exp(-mean);
  let cumulative = p;
  const u = random();
  while (u > cumulative) {
    k++;
    p *= mean / k;
    cumulative += p;
  }
  return k;
}

/** A weekly pattern: busy weekday afternoons, quiet nights and weekends. */
function weeklyMean(hour: number): number {
  const day = Math.floor((hour % HOURS_PER_WEEK) / 24);
  const h = hour % 24;
  const weekend = day >= 5;
  return (weekend ? 4 : 12) * (h >= 9 && h < 18 ? 3 : h >= 7 && h < 22 ? 1.5 : 0.4);
}

function series(weeks: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: weeks * HOURS_PER_WEEK }, (_, h) => poisson(random, weeklyMean(h)));
}

describe('spike detector', () => {
  it('computes Poisson quantiles', () => {
    expect(poissonQuantile(0, 0.999)).toBe(0);
    expect(poissonQuantile(1, 0.5)).toBe(1); // P(X ≤ 0) = 0.37, P(X ≤ 1) = 0.74
    expect(poissonQuantile(10, 0.999)).toBe(21);
  });

  it('computes standard normal quantiles in the centre and both tails', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232, 5);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
  });

  it('raises no alert storm on ten weeks of normal traffic', () => {
    const alerts = detectSpikes(series(10, 1));
    // 1,344 judged hours at a 0.1% false-alarm rate: about one expected; a storm would be dozens.
    expect(alerts.length).toBeLessThanOrEqual(3);
  });

  it('finds injected spikes with high precision and recall, one alert per spike', () => {
    const detected = { tp: 0, fp: 0, fn: 0 };
    for (let seed = 1; seed <= 20; seed++) {
      const counts = series(6, seed);
      const random = seededRandom(1000 + seed);
      const injected: number[] = [];
      for (let i = 0; i < 5; i++) {
        const start = 3 * HOURS_PER_WEEK + Math.floor(random() * 3 * HOURS_PER_WEEK - 3);
        if (injected.some((s) => Math.abs(s - start) < 6)) continue;
        injected.push(start);
        for (let h = start; h < start + 3; h++) counts[h] = counts[h]! + Math.round(Math.max(30, 4 * weeklyMean(h)));
      }
      const alerts = detectSpikes(counts);
      for (const s of injected) {
        if (alerts.some((a) => a.startHour <= s + 2 && a.endHour >= s)) detected.tp++;
        else detected.fn++;
      }
      detected.fp += alerts.filter((a) => !injected.some((s) => a.startHour <= s + 2 && a.endHour >= s)).length;
    }
    const precision = detected.tp / (detected.tp + detected.fp);
    const recall = detected.tp / (detected.tp + detected.fn);
    expect(precision).toBeGreaterThan(0.9);
    expect(recall).toBeGreaterThan(0.95);
  });

  it('reports one alert for a long spike, with the peak and the baseline it beat', () => {
    const counts = series(4, 7);
    for (let h = 3 * HOURS_PER_WEEK + 30; h < 3 * HOURS_PER_WEEK + 40; h++) counts[h] = 300;
    const alerts = detectSpikes(counts);
    const spike = alerts.find((a) => a.startHour === 3 * HOURS_PER_WEEK + 30)!;
    expect(spike.endHour).toBe(3 * HOURS_PER_WEEK + 39);
    expect(spike.reason).toMatch(/^300 messages in an hour where the same hour of earlier weeks averaged \d+\.\d$/);
  });
});
