import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/domain/errors.js';
import { loadTriager, triageRuleSchema, type TriageRule } from '../../../src/triage/index.js';

describe('triage rules', () => {
  it('override the models path and priority and say so in the reasons', () => {
    const rules: TriageRule[] = [
      { id: 'vip-notice', when: { keywords: ['safety notice'] }, then: { path: 'escalate', priority: 95, tags: ['notice'] } },
    ];
    const r = loadTriager({ rules }).triage({ text: 'thanks for the safety notice, very helpful' });
    expect(r.path.value).toBe('escalate');
    expect(r.path.reasons.at(-1)).toMatch(/rule "vip-notice" set path escalate \(models suggested /);
    expect(r.priority.value).toBe(95);
    expect(r.priority.reasons.at(-1)).toMatch(/rule "vip-notice": set priority 95 \(models said \d+\)/);
    expect(r.tags).toContain('notice');
  });

  it('apply only when every condition holds, on model signals as well as text', () => {
    const rules: TriageRule[] = [{ id: 'angry-billing', when: { intent: ['billing'], sentiment: ['negative'] }, then: { priorityDelta: 20 } }];
    const triager = loadTriager({ rules });
    const base = loadTriager();
    const billing = 'I was charged twice and nobody helps, terrible';
    expect(triager.triage({ text: billing }).priority.value).toBe(Math.min(100, base.triage({ text: billing }).priority.value + 20));
    const praise = 'thank you so much, the crew was amazing';
    expect(triager.triage({ text: praise }).priority).toEqual(base.triage({ text: praise }).priority);
  });

  it('run in order, each seeing the result of the one before', () => {
    const rules: TriageRule[] = [
      { id: 'tag-refund', when: { regex: 'refund' }, then: { intent: 'billing', tags: ['refund'] } },
      { id: 'billing-high', when: { intent: ['billing'] }, then: { priority: 80 } },
    ];
    const r = loadTriager({ rules }).triage({ text: 'where is my refund' });
    expect(r.intent.value).toBe('billing');
    expect(r.priority.value).toBe(80);
  });

  it('match keywords as whole words, case-insensitively', () => {
    const rules: TriageRule[] = [{ id: 'kw', when: { keywords: ['ACME'] }, then: { tags: ['acme'] } }];
    const triager = loadTriager({ rules });
    expect(triager.triage({ text: 'acme broke my heart' }).tags).toContain('acme');
    expect(triager.triage({ text: 'acmecorp broke my heart' }).tags).not.toContain('acme');
  });

  it('are rejected at load with an InputError naming the rule and problem', () => {
    expect(() => loadTriager({ rules: [{ id: 'bad', when: { regex: '(' }, then: { tags: ['x'] } }] })).toThrow(InputError);
    expect(() => loadTriager({ rules: [{ id: 'bad', when: { regex: '(' }, then: { tags: ['x'] } }] })).toThrow(/triage rule 1: when.regex: not a valid regular expression/);
  });

  it('schema refuses unknown fields and rules without an effect', () => {
    expect(triageRuleSchema.safeParse({ id: 'x', when: {}, then: {} }).success).toBe(false);
    expect(triageRuleSchema.safeParse({ id: 'x', when: { colour: 'red' }, then: { tags: ['a'] } }).success).toBe(false);
    expect(triageRuleSchema.safeParse({ id: 'x', when: {}, then: { path: 'escalate' } }).success).toBe(true);
  });
});
