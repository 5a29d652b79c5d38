import { describe, expect, it } from 'vitest';
import { evaluateRoutingRules, ROUTING_RULE_SCHEMA, type RoutingFacts, type RoutingRule } from '../../../src/domain/routing-rule.js';

const facts: RoutingFacts = {
  channelKind: 'x',
  channelAccountId: 'acct-x',
  language: 'es',
  intent: 'billing',
  sentiment: 'negative',
  complaint: true,
  isPublic: true,
  priority: 40,
  influence: 0.8,
  text: 'Me cobraron dos veces, quiero un reembolso. #fail',
  contact: { plan: 'enterprise' },
};
const rule = (r: Partial<RoutingRule> & Pick<RoutingRule, 'id' | 'when' | 'then'>): RoutingRule => ({ name: r.id, enabled: true, ...r });

describe('evaluateRoutingRules', () => {
  it('applies matching rules in order and records why each matched', () => {
    const decision = evaluateRoutingRules(
      [
        rule({ id: 'spanish', when: { languages: ['es'] }, then: { queueId: 'q-es' } }),
        rule({ id: 'vip', when: { contact: { plan: 'enterprise' } }, then: { priorityDelta: 20, tags: ['vip'] } }),
        rule({ id: 'billing-public', when: { intents: ['billing'], isPublic: true }, then: { queueId: 'q-billing', tags: ['billing'] } }),
        rule({ id: 'email-only', when: { channelKinds: ['email'] }, then: { queueId: 'q-mail' } }),
      ],
      facts,
      { queueId: 'q-default', priority: 40 },
    );
    expect(decision).toEqual({
      queueId: 'q-billing',
      priority: 60,
      tags: ['vip', 'billing'],
      assigneeId: null,
      path: null,
      reasons: [
        'rule "spanish": language es → queue q-es',
        'rule "vip": contact plan = enterprise → priority +20; tags vip',
        'rule "billing-public": intent billing, public → queue q-billing; tags billing',
      ],
    });
  });

  it('stops at a rule marked stop, and skips disabled rules', () => {
    const decision = evaluateRoutingRules(
      [
        rule({ id: 'off', enabled: false, when: {}, then: { queueId: 'never' } }),
        rule({ id: 'first', when: { keywords: ['reembolso'] }, then: { queueId: 'q-refunds', stop: true } }),
        rule({ id: 'later', when: {}, then: { queueId: 'q-later' } }),
      ],
      facts,
      { queueId: null, priority: 40 },
    );
    expect(decision.queueId).toBe('q-refunds');
    expect(decision.reasons).toEqual(['rule "first": keyword "reembolso" → queue q-refunds (stop)']);
  });

  it('matches keywords on word boundaries only, ignoring case', () => {
    const keyword = (k: string) => evaluateRoutingRules([rule({ id: 'k', when: { keywords: [k] }, then: { tags: ['hit'] } })], facts, { queueId: null, priority: 0 }).tags;
    expect(keyword('COBRARON')).toEqual(['hit']);
    expect(keyword('cobra')).toEqual([]);
    expect(keyword('#fail')).toEqual(['hit']);
  });

  it('keeps priority within 0..100 and compares ranges inclusively', () => {
    const d = evaluateRoutingRules([rule({ id: 'p', when: { priority: { gte: 40, lte: 40 }, influence: { gte: 0.8 } }, then: { priorityDelta: 90 } })], facts, { queueId: null, priority: 40 });
    expect(d.priority).toBe(100);
  });

  it('rejects a rule with an unknown field or intent, naming the path', () => {
    const bad = ROUTING_RULE_SCHEMA.safeParse({ id: 'x', name: 'x', when: { intents: ['rant'], colour: 'red' }, then: {} });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['when.intents.0', 'when']));
  });
});
