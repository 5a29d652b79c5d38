// SLA clocks: the promise of a policy (first response, next response, resolution) running on one conversation,
// counted in the team's business time. Warning and breach are edge events: each fires once per clock.
import { addBusinessTime, type BusinessHours } from './business-hours.js';
import type { EpochMs } from './ids.js';

export const SLA_TARGETS = ['first-response', 'next-response', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

export interface SlaPolicy {
  readonly id: string;
  readonly name: string;
  /** Business-time budget per target, in ms; a missing target is not promised. */
  readonly targets: Partial<Readonly<Record<SlaTarget, number>>>;
  /** Share of the budget after which the clock warns (0 < x < 1). */
  readonly warnAtFraction: number;
}

export interface SlaClock {
  readonly target: SlaTarget;
  readonly startedAt: EpochMs;
  readonly warnAt: EpochMs;
  readonly dueAt: EpochMs;
  readonly stoppedAt: EpochMs | null;
  readonly warnedAt: EpochMs | null;
  readonly breachedAt: EpochMs | null;
}

export type SlaState = 'running' | 'at-risk' | 'breached' | 'met' | 'missed';

export interface SlaEvent {
  readonly kind: 'warning' | 'breach';
  readonly target: SlaTarget;
  /** When it happened (the warn or due instant), not when it was noticed. */
  readonly at: EpochMs;
}

export function startSlaClock(policy: SlaPolicy, target: SlaTarget, startedAt: EpochMs, hours: BusinessHours): SlaClock | null {
  const budget = policy.targets[target];
  if (budget === undefined) return null;
  return {
    target,
    startedAt,
    warnAt: addBusinessTime(hours, startedAt, Math.round(budget * policy.warnAtFraction)),
    dueAt: addBusinessTime(hours, startedAt, budget),
    stoppedAt: null,
    warnedAt: null,
    breachedAt: null,
  };
}

/** Stops the clock (the answer was sent, the conversation resolved); stopping twice keeps the first stop. */
export function stopSlaClock(clock: SlaClock, at: EpochMs): SlaClock {
  return clock.stoppedAt === null ? { ...clock, stoppedAt: at } : clock;
}

export function slaState(clock: SlaClock, now: EpochMs): SlaState {
  if (clock.stoppedAt !== null) return clock.stoppedAt <= clock.dueAt ? 'met' : 'missed';
  if (now >= clock.dueAt) return 'breached';
  return now >= clock.warnAt ? 'at-risk' : 'running';
}

/** Advances a clock to `now`: returns the events not yet fired and the clock that remembers them. */
export function tickSlaClock(clock: SlaClock, now: EpochMs): { readonly clock: SlaClock; readonly events: readonly SlaEvent[] } {
  const until = clock.stoppedAt ?? now;
  const events: SlaEvent[] = [];
  let next = clock;
  if (next.warnedAt === null && until >= next.warnAt && until < next.dueAt) {
    next = { ...next, warnedAt: next.warnAt };
    events.push({ kind: 'warning', target: next.target, at: next.warnAt });
  }
  if (next.breachedAt === null && until >= next.dueAt && (clock.stoppedAt === null || clock.stoppedAt > next.dueAt)) {
    next = { ...next, breachedAt: next.dueAt, warnedAt: next.warnedAt ?? next.warnAt };
    events.push({ kind: 'breach', target: next.target, at: next.dueAt });
  }
  return { clock: next, events };
}
