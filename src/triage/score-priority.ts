// Combines the signals into the 0–100 priority with the configured weights; every component worth a point or
// more is named in the reasons, so an agent can see why one message outranks another.
import type { Signal } from '../domain/triage-result.js';
import type { PriorityWeights } from './priority-weights.js';
import { makeSignal } from './signal.js';

export interface PriorityEvidence {
  readonly isSpam: boolean;
  readonly urgency: number;
  readonly negative: number;
  readonly complaint: number;
  readonly anger: number;
  readonly isChurnThreat: boolean;
  readonly influence: number;
  readonly hasCrisisTerms: boolean;
  readonly hasPii: boolean;
  readonly offensive: number;
  readonly isPraise: boolean;
}

export function scorePriority(e: PriorityEvidence, w: PriorityWeights): Signal<number> {
  if (e.isSpam) return makeSignal(0, 0, ['spam: no priority']);
  const parts: readonly (readonly [string, number])[] = [
    ['urgency', w.urgency * e.urgency],
    ['negative sentiment', w.negative * e.negative],
    ['complaint', w.complaint * e.complaint],
    ['anger', w.anger * e.anger],
    ['churn threat', e.isChurnThreat ? w.churn : 0],
    ['influential author', w.influence * e.influence],
    ['crisis terms', e.hasCrisisTerms ? w.crisis : 0],
    ['personal data', e.hasPii ? w.pii : 0],
    ['offensive', w.offensive * e.offensive],
    ['praise', e.isPraise ? w.praise : 0],
  ];
  const total = parts.reduce((sum, [, points]) => sum + points, w.base);
  const value = Math.round(Math.min(100, Math.max(0, total)));
  const reasons = parts
    .filter(([, points]) => Math.abs(points) >= 1)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .map(([name, points]) => `${name} ${points >= 0 ? '+' : ''}${Math.round(points)}`);
  return makeSignal(value, value / 100, reasons);
}
