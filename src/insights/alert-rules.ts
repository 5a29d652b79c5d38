// Which alerts the hourly counts call for: a volume spike or a spike of negative messages per account, triage
// intent, crisis term or tag (the seasonal detector of spike-detector.ts on each series), and any negative public
// post by an author whose influence passes a threshold. Pure: counts in, candidate alerts out; the dedupe key
// makes raising them idempotent.
import type { AlertKind, AlertSubjectKind, InfluentialPost, SubjectHourCount } from '../store/index.js';
import { detectSpikes, HOURS_PER_WEEK, type SpikeDetectorOptions } from './spike-detector.js';

export const HOUR_MS = 3_600_000;
export const WEEK_MS = HOURS_PER_WEEK * HOUR_MS;
/** 1970-01-05, the first Monday of the epoch: alert weeks run Monday to Sunday (UTC). */
const FIRST_MONDAY_MS = 4 * 86_400_000;

export interface AlertCandidate {
  readonly kind: AlertKind;
  readonly subjectKind: AlertSubjectKind;
  readonly subject: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly dedupeKey: string;
  readonly observed: number;
  readonly expected: number;
  readonly reason: string;
  /** The post itself, for influencer alerts. */
  readonly post?: InfluentialPost;
}

export interface AlertRuleOptions {
  /** First hour of the series (epoch ms, on an hour). */
  readonly seriesStart: number;
  /** Hours in the series, up to and including the current one. */
  readonly hours: number;
  /** Only spikes still running or ended within this many hours are raised (older ones are history). */
  readonly recentHours: number;
  readonly minInfluence: number;
  readonly spike: SpikeDetectorOptions;
}

/**
 * The series start for `now`: whole weeks back from the start of the current week (Monday 00:00 UTC), so the window (and with it
 * every baseline and every spike's first hour) stays the same all week, and a spike is not raised twice because
 * the window slid under it.
 */
export function alertWindow(now: number, weeks: number): { readonly seriesStart: number; readonly hours: number } {
  const weekStart = Math.floor((now - FIRST_MONDAY_MS) / WEEK_MS) * WEEK_MS + FIRST_MONDAY_MS;
  const seriesStart = weekStart - weeks * WEEK_MS;
  return { seriesStart, hours: Math.floor((now - seriesStart) / HOUR_MS) + 1 };
}

const iso = (ms: number) => new Date(ms).toISOString();

export function findAlerts(counts: readonly SubjectHourCount[], posts: readonly InfluentialPost[], options: AlertRuleOptions): AlertCandidate[] {
  const series = new Map<string, { subjectKind: SubjectHourCount['subjectKind']; subject: string; volume: number[]; negative: number[] }>();
  for (const c of counts) {
    const index = Math.round((c.hour - options.seriesStart) / HOUR_MS);
    if (index < 0 || index >= options.hours) continue;
    const key = `${c.subjectKind}\u0000${c.subject}`;
    let s = series.get(key);
    if (!s) series.set(key, (s = { subjectKind: c.subjectKind, subject: c.subject, volume: new Array<number>(options.hours).fill(0), negative: new Array<number>(options.hours).fill(0) }));
    s.volume[index] = c.messages;
    s.negative[index] = c.negative;
  }
  const recentFrom = options.hours - options.recentHours;
  const found: AlertCandidate[] = [];
  for (const s of series.values()) {
    for (const [kind, values] of [
      ['volume', s.volume],
      ['negative-share', s.negative],
    ] as const) {
      for (const spike of detectSpikes(values, options.spike)) {
        if (spike.endHour < recentFrom) continue;
        const startedAt = options.seriesStart + spike.startHour * HOUR_MS;
        const peakHour = s.volume.findIndex((_, h) => h >= spike.startHour && h <= spike.endHour && values[h] === spike.peakCount);
        const share = kind === 'negative-share' && peakHour >= 0 ? ` (${Math.round((100 * spike.peakCount) / Math.max(1, s.volume[peakHour]!))}% of that hour's messages)` : '';
        found.push({
          kind,
          subjectKind: s.subjectKind,
          subject: s.subject,
          startedAt,
          endedAt: options.seriesStart + (spike.endHour + 1) * HOUR_MS,
          dedupeKey: `${kind}:${s.subjectKind}:${s.subject}:${iso(startedAt)}`,
          observed: spike.peakCount,
          expected: spike.expected,
          reason: `${s.subjectKind} "${s.subject}": ${kind === 'negative-share' ? `${spike.peakCount} negative messages${share}` : `${spike.peakCount} messages`} in an hour where the same hour of earlier weeks averaged ${spike.expected.toFixed(1)}`,
        });
      }
    }
  }
  for (const post of posts) {
    if (post.influence < options.minInfluence) continue;
    found.push({
      kind: 'influencer',
      subjectKind: 'author',
      subject: post.authorHandle,
      startedAt: post.sentAt,
      endedAt: post.sentAt,
      dedupeKey: `influencer:${post.messageId}`,
      observed: post.influence,
      expected: options.minInfluence,
      reason: `negative public post by ${post.authorHandle}, influence ${post.influence.toFixed(2)} (alerts from ${options.minInfluence})`,
      post,
    });
  }
  return found;
}
