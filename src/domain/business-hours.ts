// Business hours and holidays of a team in its own time zone, and time arithmetic in business time, so SLA clocks
// stop at night, at weekends and on holidays, and stay right across daylight-saving changes. Pure: time-zone
// rules come from the runtime's Intl data, never from the clock.
import { InputError } from './errors.js';
import type { EpochMs } from './ids.js';

/** Local wall-clock time `HH:MM`, 24-hour. */
export type LocalTime = string;

export interface OpeningInterval {
  readonly start: LocalTime;
  /** `24:00` ends at midnight. */
  readonly end: LocalTime;
}

export interface BusinessHours {
  /** IANA time zone, e.g. `Europe/Berlin`. */
  readonly timeZone: string;
  /** Index 0 = Sunday … 6 = Saturday; an empty list is a closed day. */
  readonly weekly: readonly (readonly OpeningInterval[])[];
  /** Local dates `YYYY-MM-DD` on which the team is closed all day. */
  readonly holidays: readonly string[];
}

/** Open around the clock: SLA clocks then count calendar time. */
export const ALWAYS_OPEN: BusinessHours = {
  timeZone: 'UTC',
  weekly: Array.from({ length: 7 }, () => [{ start: '00:00', end: '24:00' }]),
  holidays: [],
};

const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch (cause) {
      throw new InputError('INPUT_INVALID', `time zone ${JSON.stringify(timeZone)} is not an IANA time zone such as Europe/Berlin`, { cause });
    }
    formatters.set(timeZone, f);
  }
  return f;
}

interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function localParts(timeZone: string, at: EpochMs): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts['year']!, month: parts['month']!, day: parts['day']!, hour: parts['hour']!, minute: parts['minute']!, second: parts['second']! };
}

/** Offset of the zone from UTC at an instant, in ms (positive east of Greenwich). */
function offsetAt(timeZone: string, at: EpochMs): number {
  const p = localParts(timeZone, at);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The instant a local wall-clock time happens. A time in the spring-forward gap (which does not exist) moves
 * forward by the gap, and in the autumn overlap the first of the two instants is taken — Temporal's
 * "compatible" disambiguation, which is what people mean by "opens at 02:30" on those days.
 */
export function localToInstant(timeZone: string, year: number, month: number, day: number, minutes: number): EpochMs {
  const wall = Date.UTC(year, month - 1, day) + minutes * 60_000;
  // Offsets a day either side bracket any transition; zones change offset at most once within two days.
  const before = offsetAt(timeZone, wall - DAY);
  const after = offsetAt(timeZone, wall + DAY);
  const valid = [wall - before, wall - after].filter((t) => t + offsetAt(timeZone, t) === wall).sort((a, b) => a - b);
  // Overlap: both are valid, take the earlier. Gap: neither is, shift forward by the gap (the offset before it).
  return valid[0] ?? wall - before;
}

function minutesOf(t: LocalTime): number {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(t);
  if (!m || (m[1] === '24' && m[2] !== '00')) throw new InputError('INPUT_INVALID', `business hours: expected HH:MM between 00:00 and 24:00, got ${JSON.stringify(t)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

const isoDate = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** Open intervals `[start, end)` as instants, for the local calendar day containing `at` and the following days. */
function* openIntervalsFrom(hours: BusinessHours, at: EpochMs): Generator<readonly [EpochMs, EpochMs]> {
  const p = localParts(hours.timeZone, at);
  const holidays = new Set(hours.holidays);
  // Walk local calendar dates (UTC date arithmetic on the local date avoids DST-length days).
  let date = Date.UTC(p.year, p.month - 1, p.day);
  for (let i = 0; i < 3700; i++, date += DAY) {
    const d = new Date(date);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    const day = d.getUTCDate();
    if (holidays.has(isoDate(y, m, day))) continue;
    for (const interval of hours.weekly[d.getUTCDay()] ?? []) {
      const start = localToInstant(hours.timeZone, y, m, day, minutesOf(interval.start));
      const end = localToInstant(hours.timeZone, y, m, day, minutesOf(interval.end));
      if (end > start) yield [start, end];
    }
  }
}

export function isWithinBusinessHours(hours: BusinessHours, at: EpochMs): boolean {
  for (const [start, end] of openIntervalsFrom(hours, at - DAY)) {
    if (start > at) return false;
    if (at < end) return true;
  }
  return false;
}

/** The instant when `durationMs` of business time will have passed after `from`. */
export function addBusinessTime(hours: BusinessHours, from: EpochMs, durationMs: number): EpochMs {
  let left = durationMs;
  for (const [start, end] of openIntervalsFrom(hours, from - DAY)) {
    if (end <= from) continue;
    const s = Math.max(start, from);
    if (s + left <= end) return s + left;
    left -= end - s;
  }
  throw new InputError('INPUT_INVALID', 'business hours are never open in the next ten years; an SLA cannot be counted against them');
}

/** Business time elapsed between two instants (0 when `to` ≤ `from`). */
export function businessTimeBetween(hours: BusinessHours, from: EpochMs, to: EpochMs): number {
  let total = 0;
  if (to <= from) return 0;
  for (const [start, end] of openIntervalsFrom(hours, from - DAY)) {
    if (start >= to) break;
    if (end <= from) continue;
    total += Math.min(end, to) - Math.max(start, from);
  }
  return total;
}

/** When the team is next open: `at` itself when open now. */
export function nextOpening(hours: BusinessHours, at: EpochMs): EpochMs {
  return addBusinessTime(hours, at, 0);
}

/** "Monday 09:00" in the team's own time zone, for messages to customers. */
export function formatLocalOpening(hours: BusinessHours, at: EpochMs): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: hours.timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}
