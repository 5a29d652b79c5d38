// The staffing forecast (issue 10 §3): measured arrivals per hour of the week and channel, plus handle times,
// become agents needed per hour for a service-level target — Erlang C, or Erlang A where customers give up
// (a patience is given for the channel). A what-if adds the volume of a channel or language not yet open, shaped
// like the desk's existing week. Pure: the store supplies the counts, the caller the assumptions.
import { InputError } from '../domain/errors.js';
import { agentsNeededWithAbandonment } from './erlang-a.js';
import { agentsNeeded } from './erlang-c.js';
import { HOURS_PER_WEEK } from './spike-detector.js';

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** Conversations that started in one hour of the week on one channel, summed over the measured weeks. */
export interface ArrivalCount {
  readonly channel: string;
  /** 0 = Monday 00:00–01:00 … 167 = Sunday 23:00–24:00, in the desk's time zone. */
  readonly hourOfWeek: number;
  readonly conversations: number;
}

export interface MeasuredHandleTime {
  readonly channel: string;
  readonly seconds: number;
  readonly samples: number;
}

export interface WhatIf {
  /** A new channel or language (a label), or an existing channel whose volume grows. */
  readonly name: string;
  readonly perDay: number;
}

export interface StaffingAssumptions {
  /** Share to answer within `targetSeconds`, 0 < x < 1. */
  readonly serviceLevel: number;
  readonly targetSeconds: number;
  /** Length of the measured period in weeks (counts are divided by it). */
  readonly weeks: number;
  /** Handle time per channel, seconds; beats a measured one. */
  readonly handleSeconds: Readonly<Record<string, number>>;
  /** For channels without a configured or measured handle time. */
  readonly defaultHandleSeconds: number;
  /** Mean patience per channel, seconds: those channels are planned with Erlang A. */
  readonly patienceSeconds: Readonly<Record<string, number>>;
  readonly whatIf: readonly WhatIf[];
  /** Only these channels (and what-ifs); empty: all. */
  readonly channels: readonly string[];
}

export type HandleTimeSource = 'configured' | 'measured' | 'default';

export interface StaffingRow {
  readonly channel: string;
  readonly hourOfWeek: number;
  readonly day: (typeof WEEKDAYS)[number];
  readonly hour: number;
  readonly arrivalsPerHour: number;
  readonly handleSeconds: number;
  readonly model: 'erlang-c' | 'erlang-a';
  readonly trafficErlangs: number;
  readonly agents: number;
  readonly serviceLevel: number;
  readonly averageWaitSeconds: number;
  readonly occupancy: number;
  /** Erlang A only: share of arrivals that give up. */
  readonly abandonment: number | null;
}

export interface ChannelStaffing {
  readonly channel: string;
  readonly handleSeconds: number;
  readonly handleTimeSource: HandleTimeSource;
  readonly handleTimeSamples: number;
  readonly patienceSeconds: number | null;
  readonly arrivalsPerWeek: number;
  readonly peakAgents: number;
  /** Sum over the week of agents needed per hour: paid agent hours before shrinkage. */
  readonly agentHoursPerWeek: number;
  readonly isWhatIf: boolean;
}

export interface StaffingPlan {
  readonly channels: readonly ChannelStaffing[];
  /** Hours with arrivals only; an hour without arrivals needs nobody. */
  readonly rows: readonly StaffingRow[];
  readonly notes: readonly string[];
}

/** Above this an hour's load is a data or input mistake, and the search for agents would take minutes. */
export const MAX_ERLANGS_PER_HOUR = 5000;

const round = (x: number, digits: number) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);

/** Share of the week's volume in each hour; flat when nothing was measured. */
function weekShape(counts: readonly ArrivalCount[]): number[] {
  const shape = new Array<number>(HOURS_PER_WEEK).fill(0);
  for (const c of counts) shape[c.hourOfWeek] = (shape[c.hourOfWeek] ?? 0) + c.conversations;
  const total = shape.reduce((s, x) => s + x, 0);
  return total > 0 ? shape.map((x) => x / total) : shape.map(() => 1 / HOURS_PER_WEEK);
}

export function planStaffing(
  arrivals: readonly ArrivalCount[],
  measured: readonly MeasuredHandleTime[],
  assumptions: StaffingAssumptions,
): StaffingPlan {
  const weeks = Math.max(assumptions.weeks, 1 / 7);
  const perHour = new Map<string, number[]>();
  const series = (channel: string) => {
    let s = perHour.get(channel);
    if (!s) perHour.set(channel, (s = new Array<number>(HOURS_PER_WEEK).fill(0)));
    return s;
  };
  for (const a of arrivals) series(a.channel)[a.hourOfWeek]! += a.conversations / weeks;
  const measuredChannels = new Set(perHour.keys());
  const deskShape = weekShape(arrivals);
  for (const w of assumptions.whatIf) {
    // An existing channel grows along its own week; a new one follows the desk's week.
    const shape = measuredChannels.has(w.name) ? weekShape(arrivals.filter((a) => a.channel === w.name)) : deskShape;
    const s = series(w.name);
    shape.forEach((share, h) => (s[h]! += w.perDay * 7 * share));
  }
  const wanted = new Set(assumptions.channels);
  const whatIfNames = new Set(assumptions.whatIf.map((w) => w.name));
  const rows: StaffingRow[] = [];
  const channels: ChannelStaffing[] = [];
  for (const [channel, hours] of [...perHour].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (wanted.size > 0 && !wanted.has(channel) && !whatIfNames.has(channel)) continue;
    const m = measured.find((x) => x.channel === channel);
    const configured = assumptions.handleSeconds[channel];
    const [handleSeconds, source]: [number, HandleTimeSource] =
      configured !== undefined ? [configured, 'configured'] : m ? [m.seconds, 'measured'] : [assumptions.defaultHandleSeconds, 'default'];
    const patience = assumptions.patienceSeconds[channel];
    let peak = 0;
    let agentHours = 0;
    hours.forEach((arrivalsPerHour, hourOfWeek) => {
      if (arrivalsPerHour <= 0) return;
      const load = { arrivalsPerSecond: arrivalsPerHour / 3600, handleSeconds };
      if (load.arrivalsPerSecond * handleSeconds > MAX_ERLANGS_PER_HOUR) {
        throw new InputError(
          'INPUT_INVALID',
          `${channel}: ${Math.round(arrivalsPerHour)} arrivals an hour × ${handleSeconds} s is over ${MAX_ERLANGS_PER_HOUR} erlangs; expected a desk-sized volume (check --what-if and --handle)`,
        );
      }
      const figures =
        patience === undefined
          ? { ...agentsNeeded(load, assumptions.serviceLevel, assumptions.targetSeconds), abandonment: null }
          : (() => {
              const f = agentsNeededWithAbandonment({ ...load, patienceSeconds: patience }, assumptions.serviceLevel, assumptions.targetSeconds);
              return { ...f, abandonment: round(f.probabilityOfAbandoning, 4) };
            })();
      peak = Math.max(peak, figures.agents);
      agentHours += figures.agents;
      rows.push({
        channel,
        hourOfWeek,
        day: WEEKDAYS[Math.floor(hourOfWeek / 24)]!,
        hour: hourOfWeek % 24,
        arrivalsPerHour: round(arrivalsPerHour, 3),
        handleSeconds,
        model: patience === undefined ? 'erlang-c' : 'erlang-a',
        trafficErlangs: round(figures.trafficErlangs, 3),
        agents: figures.agents,
        serviceLevel: round(figures.serviceLevel, 4),
        averageWaitSeconds: round(figures.averageWaitSeconds, 1),
        occupancy: round(figures.occupancy, 4),
        abandonment: figures.abandonment,
      });
    });
    channels.push({
      channel,
      handleSeconds,
      handleTimeSource: source,
      handleTimeSamples: source === 'measured' ? (m?.samples ?? 0) : 0,
      patienceSeconds: patience ?? null,
      arrivalsPerWeek: round(
        hours.reduce((s, x) => s + x, 0),
        1,
      ),
      peakAgents: peak,
      agentHoursPerWeek: agentHours,
      isWhatIf: whatIfNames.has(channel) && !measuredChannels.has(channel),
    });
  }
  return {
    channels,
    rows,
    notes: [
      `target: ${Math.round(assumptions.serviceLevel * 1000) / 10}% answered within ${assumptions.targetSeconds} s`,
      `arrivals: conversations started per hour of the week, averaged over ${round(weeks, 2)} weeks`,
      'agents are on-queue agents per hour; add shrinkage (breaks, training, absence) before rostering',
      'erlang-a rows assume customers give up after the given mean patience; abandoners count as missed',
    ],
  };
}
