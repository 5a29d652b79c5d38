// Team-editable triage rules: a condition on the text and the model signals, and an effect (tags, a priority
// change, a path or intent). Rules run after the models, in order, and every effect says so in the reasons.
import { z } from 'zod';
import { CARE_INTENTS, RESPONSE_PATHS, SENTIMENTS, type TriageInput, type TriageResult } from '../domain/triage-result.js';
import { InputError } from '../domain/errors.js';

/** Rules read at most this much text, so a team's regex cannot make a 100 KB message slow. */
const RULE_TEXT_CHARS = 5000;

function compiles(source: string): boolean {
  try {
    new RegExp(source, 'iu');
    return true;
  } catch {
    return false;
  }
}

export const triageRuleSchema = z
  .object({
    id: z.string().min(1).max(100),
    description: z.string().max(500).optional(),
    when: z
      .object({
        /** Any of these words or phrases (case-insensitive, whole words). */
        keywords: z.array(z.string().min(1).max(200)).min(1).optional(),
        /** A JavaScript regular expression, matched case-insensitively. */
        regex: z.string().min(1).max(500).refine(compiles, { message: 'not a valid regular expression' }).optional(),
        intent: z.array(z.enum(CARE_INTENTS)).min(1).optional(),
        sentiment: z.array(z.enum(SENTIMENTS)).min(1).optional(),
        language: z.array(z.string().min(2).max(10)).min(1).optional(),
        complaint: z.boolean().optional(),
        isPublic: z.boolean().optional(),
        minPriority: z.number().min(0).max(100).optional(),
        maxPriority: z.number().min(0).max(100).optional(),
        minInfluence: z.number().min(0).max(1).optional(),
      })
      .strict(),
    then: z
      .object({
        tags: z.array(z.string().min(1).max(50)).min(1).optional(),
        priorityDelta: z.number().min(-100).max(100).optional(),
        priority: z.number().min(0).max(100).optional(),
        path: z.enum(RESPONSE_PATHS).optional(),
        intent: z.enum(CARE_INTENTS).optional(),
      })
      .strict()
      .refine((t) => Object.keys(t).length > 0, { message: 'a rule needs at least one effect' }),
  })
  .strict();

export type TriageRule = z.infer<typeof triageRuleSchema>;

export interface CompiledRule {
  readonly rule: TriageRule;
  readonly keywords: RegExp | undefined;
  readonly regex: RegExp | undefined;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Validates and compiles rules once, at load. Throws InputError naming the rule and the problem. */
export function compileRules(rules: readonly unknown[]): readonly CompiledRule[] {
  return rules.map((raw, i) => {
    const parsed = triageRuleSchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((x) => `${x.path.join('.') || 'rule'}: ${x.message}`);
      throw new InputError('INPUT_INVALID', `triage rule ${i + 1}: ${problems.join('; ')}`, { details: { index: i, problems } });
    }
    const rule = parsed.data;
    const words = rule.when.keywords;
    return {
      rule,
      keywords: words ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'iu') : undefined,
      regex: rule.when.regex !== undefined ? new RegExp(rule.when.regex, 'iu') : undefined,
    };
  });
}

function matches(c: CompiledRule, text: string, input: TriageInput, r: TriageResult): boolean {
  const w = c.rule.when;
  if (c.keywords && !c.keywords.test(text)) return false;
  if (c.regex && !c.regex.test(text)) return false;
  if (w.intent && !w.intent.includes(r.intent.value)) return false;
  if (w.sentiment && !w.sentiment.includes(r.sentiment.value)) return false;
  if (w.language && !w.language.includes(r.language.value)) return false;
  if (w.complaint !== undefined && w.complaint !== r.complaint.value) return false;
  if (w.isPublic !== undefined && w.isPublic !== (input.isPublic ?? true)) return false;
  if (w.minPriority !== undefined && r.priority.value < w.minPriority) return false;
  if (w.maxPriority !== undefined && r.priority.value > w.maxPriority) return false;
  if (w.minInfluence !== undefined && r.influence.value < w.minInfluence) return false;
  return true;
}

/** Applies the rules in order to a model result; returns a new result whose reasons name every rule that acted. */
export function applyRules(rules: readonly CompiledRule[], input: TriageInput, result: TriageResult, text: string): TriageResult {
  let r = result;
  const scanned = text.length > RULE_TEXT_CHARS ? text.slice(0, RULE_TEXT_CHARS) : text;
  for (const c of rules) {
    if (!matches(c, scanned, input, r)) continue;
    const t = c.rule.then;
    const by = `rule "${c.rule.id}"`;
    if (t.tags) r = { ...r, tags: [...new Set([...r.tags, ...t.tags])] };
    if (t.intent && t.intent !== r.intent.value) {
      r = { ...r, intent: { ...r.intent, value: t.intent, reasons: [...r.intent.reasons, `${by} set intent ${t.intent} (models said ${r.intent.value})`] } };
    }
    if (t.priority !== undefined || t.priorityDelta !== undefined) {
      const before = r.priority.value;
      const after = Math.round(Math.min(100, Math.max(0, t.priority ?? before + (t.priorityDelta ?? 0))));
      const change = t.priority !== undefined ? `set priority ${after}` : `priority ${t.priorityDelta! >= 0 ? '+' : ''}${t.priorityDelta}`;
      r = { ...r, priority: { ...r.priority, value: after, score: after / 100, reasons: [...r.priority.reasons, `${by}: ${change} (models said ${before})`] } };
    }
    if (t.path && t.path !== r.path.value) {
      r = { ...r, path: { ...r.path, value: t.path, reasons: [...r.path.reasons, `${by} set path ${t.path} (models suggested ${r.path.value})`] } };
    }
  }
  return r;
}
