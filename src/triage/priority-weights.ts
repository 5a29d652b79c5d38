// The priority score (0–100) as a weighted sum of the signals. Weights are points: a signal at full strength
// adds its weight. Teams may override any of them; docs/triage.md explains the defaults.
import { z } from 'zod';

export interface PriorityWeights {
  /** Every message that is not spam starts here. */
  readonly base: number;
  /** × urgency (0..1): safety, legal threat, outage, money lost, repeated contact, still waiting. */
  readonly urgency: number;
  /** × probability of negative sentiment. */
  readonly negative: number;
  /** × complaint probability. */
  readonly complaint: number;
  /** When the emotion is anger, × its probability. */
  readonly anger: number;
  /** When the intent is a churn threat (cancel). */
  readonly churn: number;
  /** × influence (0..1). */
  readonly influence: number;
  /** When a crisis term is present. */
  readonly crisis: number;
  /** When the message contains personal data the desk should take out of public view. */
  readonly pii: number;
  /** × probability the message is offensive (abuse still needs a decision, but less urgently). Usually negative. */
  readonly offensive: number;
  /** Added when the intent is praise (usually negative: thanks can wait). */
  readonly praise: number;
}

export const DEFAULT_PRIORITY_WEIGHTS: PriorityWeights = Object.freeze({
  base: 10,
  urgency: 35,
  negative: 10,
  complaint: 10,
  anger: 5,
  churn: 15,
  influence: 15,
  crisis: 25,
  pii: 5,
  offensive: -5,
  praise: -5,
});

export const priorityWeightsSchema = z
  .object(Object.fromEntries(Object.keys(DEFAULT_PRIORITY_WEIGHTS).map((k) => [k, z.number().min(-100).max(100)])) as Record<keyof PriorityWeights, z.ZodNumber>)
  .partial()
  .strict();
