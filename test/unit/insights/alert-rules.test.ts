import { describe, expect, it } from 'vitest';
import { alertWindow, findAlerts, HOUR_MS } from '../../../src/insights/alert-rules.js';
import { DEFAULT_SPIKE_OPTIONS } from '../../../src/insights/spike-detector.js';
import type { SubjectHourCount } from '../../../src/store/index.js';

const NOW = Date.UTC(2026, 10, 25, 14, 40); // a Wednesday afternoon
const window = alertWindow(NOW, 3);
const options = { ...window, recentHours: 3, minInfluence: 0.7, spike: DEFAULT_SPIKE_OPTIONS };

function series(subject: string, count: (hour: number) => number, negative: (hour: number) => number = () => 0): SubjectHourCount[] {
  return Array.from({ length: window.hours }, (_, h) => ({ subjectKind: 'intent' as const, subject, hour: window.seriesStart + h * HOUR_MS, messages: count(h), negative: negative(h) }));
}

describe('alertWindow', () => {
  it('starts whole weeks before the current week and keeps its start all week', () => {
    expect(new Date(window.seriesStart).toISOString()).toBe('2026-11-02T00:00:00.000Z'); // a Monday, three weeks before the current week
    expect(alertWindow(NOW + 2 * 86_400_000, 3).seriesStart).toBe(window.seriesStart);
    expect(window.seriesStart + (window.hours - 1) * HOUR_MS).toBeLessThanOrEqual(NOW);
    expect(window.seriesStart + window.hours * HOUR_MS).toBeGreaterThan(NOW);
  });
});

describe('findAlerts', () => {
  it('raises nothing on a busy but flat week pattern (no alert storm)', () => {
    // Every hour of every week the same: 40 messages, 12 negative.
    expect(findAlerts(series('billing', () => 40, () => 12), [], options)).toEqual([]);
  });

  it('raises a volume and a negative spike in the current hour, with a key that names its first hour', () => {
    const last = window.hours - 1;
    const found = findAlerts(series('outage', (h) => (h === last ? 45 : 3), (h) => (h === last ? 30 : 1)), [], options);
    const hourStart = window.seriesStart + last * HOUR_MS;
    expect(found.map((a) => [a.kind, a.dedupeKey, a.observed, a.expected])).toEqual([
      ['volume', `volume:intent:outage:${new Date(hourStart).toISOString()}`, 45, 3],
      ['negative-share', `negative-share:intent:outage:${new Date(hourStart).toISOString()}`, 30, 1],
    ]);
    expect(found[1]!.reason).toBe('intent "outage": 30 negative messages (67% of that hour\'s messages) in an hour where the same hour of earlier weeks averaged 1.0');
  });

  it('leaves spikes that ended before the recent hours to history', () => {
    const old = window.hours - 10;
    expect(findAlerts(series('outage', (h) => (h === old ? 45 : 3)), [], options)).toEqual([]);
  });

  it('alerts on one negative public post of an author at or above the influence threshold only', () => {
    const post = (messageId: string, influence: number) => ({ messageId, conversationId: 'c', authorHandle: '@big', influence, sentAt: NOW - 600_000 });
    const found = findAlerts([], [post('m1', 0.9), post('m2', 0.5)], options);
    expect(found.map((a) => [a.kind, a.subject, a.dedupeKey])).toEqual([['influencer', '@big', 'influencer:m1']]);
  });
});
