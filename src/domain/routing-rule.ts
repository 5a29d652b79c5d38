// Routing rules: conditions on channel, account, triage fields, keywords and contact attributes leading to
// actions (queue, priority change, tags, assignee). Evaluated in order; every match is recorded with its reason,
// so an agent can see why a conversation is where it is. Pure: the caller supplies the facts.
import { z } from 'zod';
import { CARE_INTENTS, RESPONSE_PATHS, SENTIMENTS, type ResponsePath } from './triage-result.js';

const comparison = z.object({ gte: z.number().optional(), lte: z.number().optional() }).strict();

export const ROUTING_CONDITION_SCHEMA = z
  .object({
    channelKinds: z.array(z.string().min(1)).min(1).optional(),
    channelAccountIds: z.array(z.string().min(1)).min(1).optional(),
    languages: z.array(z.string().min(2)).min(1).optional(),
    intents: z.array(z.enum(CARE_INTENTS)).min(1).optional(),
    sentiments: z.array(z.enum(SENTIMENTS)).min(1).optional(),
    complaint: z.boolean().optional(),
    isPublic: z.boolean().optional(),
    priority: comparison.optional(),
    influence: comparison.optional(),
    /** Any of these words or phrases, case-insensitive, on word boundaries. */
    keywords: z.array(z.string().min(1).max(200)).min(1).optional(),
    /** Contact attributes that must equal these values (e.g. `{"plan": "enterprise"}`). */
    contact: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .strict();

export const ROUTING_ACTION_SCHEMA = z
  .object({
    queueId: z.string().min(1).optional(),
    priorityDelta: z.number().int().min(-100).max(100).optional(),
    tags: z.array(z.string().min(1).max(64)).optional(),
    assigneeId: z.string().min(1).optional(),
    /** The response-framework path to suggest instead of triage's. */
    path: z.enum(RESPONSE_PATHS).optional(),
    /** Stop evaluating later rules once this one matched. */
    stop: z.boolean().optional(),
  })
  .strict();

export const ROUTING_RULE_SCHEMA = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1).max(200),
    enabled: z.boolean().default(true),
    when: ROUTING_CONDITION_SCHEMA,
    then: ROUTING_ACTION_SCHEMA,
  })
  .strict();

export type RoutingCondition = z.infer<typeof ROUTING_CONDITION_SCHEMA>;
export type RoutingAction = z.infer<typeof ROUTING_ACTION_SCHEMA>;
export type RoutingRule = z.infer<typeof ROUTING_RULE_SCHEMA>;

/** The facts a rule can look at, gathered by the caller from the conversation, its newest message and contact. */
export interface RoutingFacts {
  readonly channelKind: string;
  readonly channelAccountId: string;
  readonly language: string;
  readonly intent: string;
  readonly sentiment: string;
  readonly complaint: boolean;
  readonly isPublic: boolean;
  readonly priority: number;
  readonly influence: number;
  readonly text: string;
  readonly contact: Readonly<Record<string, string | number | boolean>>;
}

export interface RoutingDecision {
  readonly queueId: string | null;
  readonly priority: number;
  readonly tags: readonly string[];
  readonly assigneeId: string | null;
  /** Set by a rule; null leaves triage's suggestion. */
  readonly path: ResponsePath | null;
  /** One line per matched rule, in evaluation order: `rule "<name>": <why> → <what>`. */
  readonly reasons: readonly string[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function inRange(value: number, range: { gte?: number | undefined; lte?: number | undefined }): boolean {
  return (range.gte === undefined || value >= range.gte) && (range.lte === undefined || value <= range.lte);
}

/** Why the condition holds (a list of satisfied clauses), or null when it does not. An empty condition matches all. */
export function matchCondition(when: RoutingCondition, facts: RoutingFacts): string[] | null {
  const why: string[] = [];
  const check = (ok: boolean, reason: string) => {
    if (ok) why.push(reason);
    return ok;
  };
  if (when.channelKinds && !check(when.channelKinds.includes(facts.channelKind), `channel ${facts.channelKind}`)) return null;
  if (when.channelAccountIds && !check(when.channelAccountIds.includes(facts.channelAccountId), 'channel account')) return null;
  if (when.languages && !check(when.languages.includes(facts.language), `language ${facts.language}`)) return null;
  if (when.intents && !check((when.intents as readonly string[]).includes(facts.intent), `intent ${facts.intent}`)) return null;
  if (when.sentiments && !check((when.sentiments as readonly string[]).includes(facts.sentiment), `sentiment ${facts.sentiment}`)) return null;
  if (when.complaint !== undefined && !check(when.complaint === facts.complaint, facts.complaint ? 'complaint' : 'not a complaint')) return null;
  if (when.isPublic !== undefined && !check(when.isPublic === facts.isPublic, facts.isPublic ? 'public' : 'private')) return null;
  if (when.priority && !check(inRange(facts.priority, when.priority), `priority ${facts.priority}`)) return null;
  if (when.influence && !check(inRange(facts.influence, when.influence), `influence ${facts.influence.toFixed(2)}`)) return null;
  if (when.keywords) {
    const hit = when.keywords.find((k) => new RegExp(`(^|\\W)${escapeRegExp(k)}($|\\W)`, 'iu').test(facts.text));
    if (!check(hit !== undefined, `keyword "${hit ?? ''}"`)) return null;
  }
  if (when.contact) {
    for (const [key, value] of Object.entries(when.contact)) {
      if (!check(facts.contact[key] === value, `contact ${key} = ${String(value)}`)) return null;
    }
  }
  return why;
}

/** Applies enabled rules in order to a starting point (the default queue and the triaged priority). */
export function evaluateRoutingRules(
  rules: readonly RoutingRule[],
  facts: RoutingFacts,
  start: { readonly queueId: string | null; readonly priority: number },
): RoutingDecision {
  let queueId = start.queueId;
  let priority = start.priority;
  let assigneeId: string | null = null;
  let path: ResponsePath | null = null;
  const tags = new Set<string>();
  const reasons: string[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const why = matchCondition(rule.when, facts);
    if (why === null) continue;
    const did: string[] = [];
    if (rule.then.queueId !== undefined) {
      queueId = rule.then.queueId;
      did.push(`queue ${rule.then.queueId}`);
    }
    if (rule.then.priorityDelta !== undefined) {
      priority = Math.min(100, Math.max(0, priority + rule.then.priorityDelta));
      did.push(`priority ${rule.then.priorityDelta >= 0 ? '+' : ''}${rule.then.priorityDelta}`);
    }
    for (const tag of rule.then.tags ?? []) tags.add(tag);
    if (rule.then.tags?.length) did.push(`tags ${rule.then.tags.join(', ')}`);
    if (rule.then.assigneeId !== undefined) {
      assigneeId = rule.then.assigneeId;
      did.push(`assignee ${rule.then.assigneeId}`);
    }
    if (rule.then.path !== undefined) {
      path = rule.then.path;
      did.push(`path ${rule.then.path}`);
    }
    reasons.push(`rule "${rule.name}": ${why.length > 0 ? why.join(', ') : 'always'} → ${did.join('; ') || 'no change'}${rule.then.stop ? ' (stop)' : ''}`);
    if (rule.then.stop) break;
  }
  return { queueId, priority, tags: [...tags], assigneeId, path, reasons };
}
