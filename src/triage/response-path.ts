// The response-framework path suggested to the agent, in order of precedence: spam is ignored, crises, safety,
// legal threats and angry influential authors go to a lead, praise is thanked, anything needing personal
// details or a public complaint is acknowledged in public and moved to a private channel, the rest is
// answered where it was asked.
import type { CareIntent, PiiKind, ResponsePath, Signal } from '../domain/triage-result.js';
import { makeSignal } from './signal.js';

export interface PathEvidence {
  readonly intent: CareIntent;
  readonly isComplaint: boolean;
  readonly isNegative: boolean;
  readonly urgencyTriggers: readonly string[];
  readonly influence: number;
  readonly crisisTerms: readonly string[];
  readonly piiKinds: readonly PiiKind[];
  readonly isPublic: boolean;
}

const ESCALATING_TRIGGERS = new Set(['safety', 'legal threat']);
/** Above this influence a negative message is a lead's call: a reply may be seen by a very large audience. */
export const ESCALATE_INFLUENCE = 0.8;
const PRIVATE_INTENTS = new Set<CareIntent>(['billing', 'account', 'delivery', 'cancel']);

export function suggestPath(e: PathEvidence): Signal<ResponsePath> {
  if (e.intent === 'spam') return makeSignal('ignore-spam', 0.9, ['spam or promotion: no reply needed']);
  if (e.crisisTerms.length > 0) return makeSignal('escalate', 0.9, [`crisis terms: ${e.crisisTerms.join(', ')}`]);
  const escalating = e.urgencyTriggers.filter((t) => ESCALATING_TRIGGERS.has(t));
  if (escalating.length > 0) return makeSignal('escalate', 0.8, [`${escalating.join(' and ')}: a lead should decide`]);
  if (e.isNegative && e.influence >= ESCALATE_INFLUENCE) return makeSignal('escalate', 0.7, ['negative message from a very influential author']);
  if (e.intent === 'praise') return makeSignal('thank', 0.8, ['praise: thank the author']);
  if (e.isPublic && e.piiKinds.length > 0) return makeSignal('acknowledge-then-private', 0.8, [`personal data in a public post (${e.piiKinds.join(', ')}): move it out of public view`]);
  if (e.isPublic && PRIVATE_INTENTS.has(e.intent)) return makeSignal('acknowledge-then-private', 0.7, [`${e.intent} needs account details: acknowledge publicly, resolve in private`]);
  if (e.isPublic && e.isComplaint) return makeSignal('acknowledge-then-private', 0.6, ['public complaint: acknowledge with a name, then move to a private channel']);
  return makeSignal('answer-publicly', 0.5, [e.isPublic ? 'can be answered where it was asked' : 'private message: answer in the same channel']);
}
