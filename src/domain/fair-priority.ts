// The fair queue: a conversation's priority comes from need — urgency, sentiment, complaint, churn threat,
// customer value, influence and time waiting against its SLA — never from the channel alone. Complaining in
// public is then not a way to jump the line (DESIGN.md §1). A channel weight exists only if an admin sets one,
// and the line-jumping report shows it.
import type { Sentiment } from './triage-result.js';

export interface NeedSignals {
  /** 0..1 from triage. */
  readonly urgency: number;
  readonly sentiment: Sentiment;
  readonly complaint: boolean;
  readonly churnThreat: boolean;
  /** 0..1: the customer's value to the business (plan, lifetime value), where known. */
  readonly customerValue: number;
  /** 0..1 from followers, verified flag and reach. */
  readonly influence: number;
  /** Share of the SLA budget already used (0 = just arrived, 1 = due now, >1 = late). */
  readonly slaElapsed: number;
  readonly channelKind: string;
}

export interface FairQueueWeights {
  readonly urgency: number;
  readonly negativeSentiment: number;
  readonly complaint: number;
  readonly churnThreat: number;
  readonly customerValue: number;
  readonly influence: number;
  readonly slaPressure: number;
  /** Extra points per channel kind. Empty by default: the channel is not a factor unless an admin says so. */
  readonly channel: Readonly<Record<string, number>>;
}

/** Defaults: need first (urgency, churn, complaint), waiting time second, reach last. They sum to 100. */
export const DEFAULT_FAIR_QUEUE_WEIGHTS: FairQueueWeights = {
  urgency: 30,
  negativeSentiment: 8,
  complaint: 12,
  churnThreat: 15,
  customerValue: 10,
  influence: 5,
  slaPressure: 20,
  channel: {},
};

export interface NeedScore {
  /** 0..100 */
  readonly score: number;
  readonly reasons: readonly string[];
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, Number.isFinite(x) ? x : 0));

export function scoreNeed(signals: NeedSignals, weights: FairQueueWeights = DEFAULT_FAIR_QUEUE_WEIGHTS): NeedScore {
  const parts: [number, string][] = [
    [weights.urgency * clamp01(signals.urgency), `urgency ${clamp01(signals.urgency).toFixed(2)}`],
    [signals.sentiment === 'negative' ? weights.negativeSentiment : 0, 'negative sentiment'],
    [signals.complaint ? weights.complaint : 0, 'complaint'],
    [signals.churnThreat ? weights.churnThreat : 0, 'churn threat'],
    [weights.customerValue * clamp01(signals.customerValue), `customer value ${clamp01(signals.customerValue).toFixed(2)}`],
    [weights.influence * clamp01(signals.influence), `influence ${clamp01(signals.influence).toFixed(2)}`],
    [weights.slaPressure * clamp01(signals.slaElapsed), `${Math.round(100 * Math.max(0, signals.slaElapsed))}% of SLA used`],
    [weights.channel[signals.channelKind] ?? 0, `channel weight for ${signals.channelKind} (set by an admin)`],
  ];
  const score = Math.round(Math.min(100, Math.max(0, parts.reduce((s, [points]) => s + points, 0))));
  const reasons = parts.filter(([points]) => points !== 0).map(([points, why]) => `${points > 0 ? '+' : ''}${Math.round(points)} ${why}`);
  return { score, reasons };
}

export interface QueuedConversation {
  readonly priority: number;
  /** Earliest running SLA due time; null sorts last. */
  readonly slaDueAt: number | null;
  readonly id: string;
}

/** Queue order: priority (high first), then SLA due time (sooner first), then id for a stable order. */
export function compareQueueOrder(a: QueuedConversation, b: QueuedConversation): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const ad = a.slaDueAt ?? Number.POSITIVE_INFINITY;
  const bd = b.slaDueAt ?? Number.POSITIVE_INFINITY;
  if (ad !== bd) return ad - bd;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
