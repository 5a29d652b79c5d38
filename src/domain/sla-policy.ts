// SLA policies as admins write them: which conversations a policy covers (queue, priority, channel) and its
// business-time budgets. The first policy whose match holds applies, so an admin orders them from specific to
// general, like routing rules.
import { z } from 'zod';
import type { SlaPolicy } from './sla-clock.js';

const minutes = z.number().positive().max(60 * 24 * 365);

export const SLA_POLICY_SCHEMA = z
  .object({
    id: z.string().min(1),
    name: z.string().trim().min(1).max(200),
    match: z
      .object({
        queueIds: z.array(z.string().min(1)).min(1).optional(),
        channelKinds: z.array(z.string().min(1)).min(1).optional(),
        minPriority: z.number().int().min(0).max(100).optional(),
      })
      .strict()
      .default({}),
    /** Budgets in business minutes; a target left out is not promised. */
    targetsMinutes: z
      .object({ 'first-response': minutes.optional(), 'next-response': minutes.optional(), resolution: minutes.optional() })
      .strict(),
    warnAtFraction: z.number().gt(0).lt(1).default(0.75),
  })
  .strict();

export type SlaPolicyDefinition = z.infer<typeof SLA_POLICY_SCHEMA>;

export interface SlaSubject {
  readonly queueId: string | null;
  readonly channelKind: string;
  readonly priority: number;
}

/** The first policy that covers the conversation, with the reason, or null. */
export function chooseSlaPolicy(policies: readonly SlaPolicyDefinition[], subject: SlaSubject): { policy: SlaPolicy; reason: string } | null {
  for (const p of policies) {
    const m = p.match;
    if (m.queueIds && (subject.queueId === null || !m.queueIds.includes(subject.queueId))) continue;
    if (m.channelKinds && !m.channelKinds.includes(subject.channelKind)) continue;
    if (m.minPriority !== undefined && subject.priority < m.minPriority) continue;
    const targets: Partial<Record<keyof typeof p.targetsMinutes, number>> = {};
    for (const [target, min] of Object.entries(p.targetsMinutes)) if (min !== undefined) targets[target as keyof typeof p.targetsMinutes] = min * 60_000;
    return { policy: { id: p.id, name: p.name, targets, warnAtFraction: p.warnAtFraction }, reason: `SLA policy "${p.name}"` };
  }
  return null;
}
