import { describe, expect, it } from 'vitest';
import type { BusinessHours } from '../../../src/domain/business-hours.js';
import { DEFAULT_FAIR_QUEUE_WEIGHTS } from '../../../src/domain/fair-priority.js';
import type { EpochMs } from '../../../src/domain/ids.js';
import { ROUTING_RULE_SCHEMA } from '../../../src/domain/routing-rule.js';
import { SLA_POLICY_SCHEMA } from '../../../src/domain/sla-policy.js';
import type { TriageResult } from '../../../src/domain/triage-result.js';
import type { WorkflowConversation, WorkflowFacts, WorkflowSetting } from '../../../src/domain/workflow.js';
import { decideWorkflow } from '../../../src/routing/decide-workflow.js';

const H = 3_600_000;
const NOW = Date.UTC(2026, 10, 25, 10) as EpochMs; // Wednesday
const berlin: BusinessHours = {
  timeZone: 'Europe/Berlin',
  weekly: [[], ...Array.from({ length: 5 }, () => [{ start: '09:00', end: '17:00' }]), []],
  holidays: ['2026-12-25'],
};

const signal = <T>(value: T, reasons: string[] = []) => ({ value, score: 1, reasons });
function triage(over: Partial<{ sentiment: 'negative' | 'neutral' | 'positive'; complaint: boolean; intent: TriageResult['intent']['value']; urgency: number; influence: number }> = {}): TriageResult {
  return {
    modelVersion: 't',
    language: signal('en'),
    sentiment: signal(over.sentiment ?? 'neutral'),
    emotion: signal('none'),
    complaint: signal(over.complaint ?? false),
    intent: signal(over.intent ?? 'question'),
    urgency: signal(over.urgency ?? 0),
    influence: signal(over.influence ?? 0),
    pii: { kinds: [], maskedPreview: '' },
    crisis: { terms: [] },
    priority: signal(30),
    path: signal('answer-publicly', ['a question asked in public']),
    tags: [],
  };
}

function conversation(over: Partial<WorkflowConversation> = {}): WorkflowConversation {
  return {
    id: 'c1',
    channelKind: 'x',
    channelAccountId: 'acc-x',
    isPublic: true,
    status: 'new',
    queueId: 'q-default',
    assigneeId: null,
    tags: [],
    firstInboundAt: NOW - 10 * 60_000,
    firstResponseAt: null,
    awaitingSince: NOW - 10 * 60_000,
    lastOutboundAt: null,
    lastInboundAt: NOW - 10 * 60_000,
    resolvedAt: null,
    routedAt: null,
    slaClocks: [],
    ventOf: null,
    ...over,
  };
}

const facts = (over: Partial<WorkflowFacts> = {}): WorkflowFacts => ({ conversation: conversation(), triage: triage(), text: 'where is my order?', contact: {}, ventCandidate: null, ...over });

function setting(over: Partial<WorkflowSetting> = {}): WorkflowSetting {
  return {
    rules: [],
    policies: [SLA_POLICY_SCHEMA.parse({ id: 'p1', name: 'Everyone', targetsMinutes: { 'first-response': 60, 'next-response': 120, resolution: 24 * 60 } })],
    weights: DEFAULT_FAIR_QUEUE_WEIGHTS,
    queues: new Map([
      ['q-default', { teamId: null, assignment: 'manual' as const, skill: null }],
      ['q-billing', { teamId: 't-billing', assignment: 'least-loaded' as const, skill: null }],
      ['q-de', { teamId: 't-de', assignment: 'round-robin' as const, skill: null }],
    ]),
    hours: new Map(),
    agents: [],
    historicalAfterMs: 7 * 24 * H,
    outOfHours: null,
    ...over,
  };
}

const rule = (r: unknown) => ROUTING_RULE_SCHEMA.parse(r);

describe('decideWorkflow: routing', () => {
  it('applies enabled rules in order with a reason each, and moves the queue only on the first routing', () => {
    const rules = [
      rule({ id: 'r1', name: 'Billing words', when: { keywords: ['invoice', 'refund'] }, then: { queueId: 'q-billing', tags: ['billing'] } }),
      rule({ id: 'r2', name: 'Off', enabled: false, when: {}, then: { queueId: 'q-de' } }),
      rule({ id: 'r3', name: 'Public complaints', when: { isPublic: true, complaint: true }, then: { priorityDelta: 10, path: 'acknowledge-then-private', stop: true } }),
      rule({ id: 'r4', name: 'Never reached', when: {}, then: { queueId: 'q-de' } }),
    ];
    const first = decideWorkflow(facts({ text: 'Refund my invoice now', triage: triage({ complaint: true, sentiment: 'negative' }) }), setting({ rules }), NOW);
    expect(first.queueId).toBe('q-billing');
    expect(first.tags).toEqual(['billing']);
    expect(first.path).toBe('acknowledge-then-private');
    expect(first.routingReasons).toEqual([
      'rule "Billing words": keyword "invoice" → queue q-billing; tags billing',
      'rule "Public complaints": complaint, public → priority +10; path acknowledge-then-private (stop)',
    ]);
    expect(first.needReasons).toContain('+10 routing rules');

    const again = decideWorkflow(
      facts({ conversation: conversation({ routedAt: NOW - 60_000, queueId: 'q-de' }), text: 'Refund my invoice now', triage: triage({ complaint: true }) }),
      setting({ rules }),
      NOW,
    );
    expect(again.queueId).toBe('q-de'); // where an agent put it
    expect(again.routingReasons).toBeNull();
  });

  it('says when no rule matched, and keeps triage’s path with its reasons', () => {
    const d = decideWorkflow(facts(), setting(), NOW);
    expect(d.routingReasons).toEqual(['no routing rule matched: default queue']);
    expect(d.path).toBe('answer-publicly');
    expect(d.pathReasons).toEqual(['a question asked in public']);
  });
});

describe('decideWorkflow: fair queue', () => {
  it('ranks a quiet email complaint with a churn threat above a louder but less urgent public post', () => {
    const email = decideWorkflow(
      facts({
        conversation: conversation({ channelKind: 'email', isPublic: false }),
        triage: triage({ sentiment: 'negative', complaint: true, intent: 'cancel', urgency: 0.6 }),
      }),
      setting(),
      NOW,
    );
    const loud = decideWorkflow(facts({ triage: triage({ sentiment: 'negative', influence: 1, urgency: 0.1 }) }), setting(), NOW);
    expect(email.priority).toBeGreaterThan(loud.priority);
    expect(email.needReasons.join(' ')).toMatch(/churn threat/);
    expect(loud.needReasons.join(' ')).not.toMatch(/channel/);
  });

  it('counts the channel only when an admin gives it a weight, and says so', () => {
    const weights = { ...DEFAULT_FAIR_QUEUE_WEIGHTS, channel: { x: 25 } };
    const plain = decideWorkflow(facts(), setting(), NOW);
    const weighted = decideWorkflow(facts(), setting({ weights }), NOW);
    expect(weighted.priority - plain.priority).toBe(25);
    expect(weighted.needReasons).toContain('+25 channel weight for x (set by an admin)');
  });

  it('raises priority as the SLA budget is used up', () => {
    const early = decideWorkflow(facts(), setting(), NOW);
    const late = decideWorkflow(facts({ conversation: conversation({ firstInboundAt: NOW - 55 * 60_000, awaitingSince: NOW - 55 * 60_000, lastInboundAt: NOW - 55 * 60_000 }) }), setting(), NOW);
    expect(late.priority).toBeGreaterThan(early.priority);
  });
});

describe('decideWorkflow: SLA clocks', () => {
  it('counts in the queue team’s business time across a holiday and fires warning and breach once each', () => {
    const start = Date.UTC(2026, 11, 24, 15, 30) as EpochMs; // Thu 24 Dec 16:30 CET
    const s = setting({ hours: new Map([['t-billing', berlin]]) });
    const c = conversation({ queueId: 'q-billing', routedAt: start, firstInboundAt: start, awaitingSince: start, lastInboundAt: start });
    const first = decideWorkflow(facts({ conversation: c }), s, start);
    const fr = first.slaClocks.find((k) => k.target === 'first-response')!;
    expect(fr.dueAt).toBe(Date.UTC(2026, 11, 28, 8, 30)); // 30 min Thursday, Christmas and the weekend closed, 30 min Monday
    expect(first.slaDueAt).toBe(fr.dueAt);
    expect(first.slaNextCheckAt).toBe(fr.warnAt);
    expect(first.slaEvents).toEqual([]);

    const fired: string[] = [];
    let clocks = first.slaClocks;
    for (let t = start; t <= Date.UTC(2026, 11, 28, 12); t += 15 * 60_000) {
      const d = decideWorkflow(facts({ conversation: { ...c, slaClocks: clocks } }), s, t as EpochMs);
      clocks = d.slaClocks;
      fired.push(...d.slaEvents.map((e) => `${e.kind}:${e.target}`));
    }
    expect(fired).toEqual(['warning:first-response', 'breach:first-response']);
  });

  it('stops the first-response clock at the answer and starts a next-response clock when the customer writes again', () => {
    const answered = conversation({
      firstInboundAt: NOW - 3 * H,
      firstResponseAt: NOW - 2.5 * H,
      lastOutboundAt: NOW - 2.5 * H,
      awaitingSince: NOW - 30 * 60_000,
      lastInboundAt: NOW - 30 * 60_000,
      routedAt: NOW - 3 * H,
    });
    const d = decideWorkflow(facts({ conversation: answered }), setting(), NOW);
    const byTarget = Object.fromEntries(d.slaClocks.map((k) => [k.target, k]));
    expect(byTarget['first-response']!.stoppedAt).toBe(NOW - 2.5 * H);
    expect(byTarget['next-response']!.startedAt).toBe(NOW - 30 * 60_000);
    expect(d.slaDueAt).toBe(NOW + 90 * 60_000); // next response within 120 min, 30 used
    expect(d.slaEvents).toEqual([]); // first response was met (30 min < 60)
  });

  it('files a historical conversation without clocks or assignment', () => {
    const old = conversation({ queueId: 'q-billing', firstInboundAt: NOW - 30 * 24 * H, awaitingSince: NOW - 30 * 24 * H, lastInboundAt: NOW - 30 * 24 * H });
    const agents = [{ id: 'a1', availability: 'online' as const, load: 0, capacity: 5, skills: [], languages: [], lastAssignedAt: null, teamIds: ['t-billing'] }];
    const d = decideWorkflow(facts({ conversation: old }), setting({ agents }), NOW);
    expect(d.slaClocks).toEqual([]);
    expect(d.slaEvents).toEqual([]);
    expect(d.assign).toBeNull();
  });
});

describe('decideWorkflow: vent and assignment', () => {
  it('flags a public post whose author’s earlier email went unanswered, and not a private message', () => {
    const candidate = { conversationId: 'c-email', channelKind: 'email', answered: false };
    const d = decideWorkflow(facts({ ventCandidate: candidate }), setting(), NOW);
    expect(d.vent).toEqual({ conversationId: 'c-email', reason: 'earlier email contact never answered' });
    expect(d.tags).toContain('vent');
    const dm = decideWorkflow(facts({ conversation: conversation({ isPublic: false }), ventCandidate: candidate }), setting(), NOW);
    expect(dm.vent).toBeNull();
    const flagged = decideWorkflow(facts({ conversation: conversation({ ventOf: 'c-email' }), ventCandidate: candidate }), setting(), NOW);
    expect(flagged.vent).toBeNull();
  });

  it('assigns least-loaded among the queue team’s online agents with room', () => {
    const agents = [
      { id: 'busy', availability: 'online' as const, load: 4, capacity: 5, skills: [], languages: [], lastAssignedAt: null, teamIds: ['t-billing'] },
      { id: 'free', availability: 'online' as const, load: 1, capacity: 5, skills: [], languages: [], lastAssignedAt: null, teamIds: ['t-billing'] },
      { id: 'away', availability: 'away' as const, load: 0, capacity: 5, skills: [], languages: [], lastAssignedAt: null, teamIds: ['t-billing'] },
      { id: 'other-team', availability: 'online' as const, load: 0, capacity: 5, skills: [], languages: [], lastAssignedAt: null, teamIds: ['t-de'] },
    ];
    const d = decideWorkflow(facts({ conversation: conversation({ queueId: 'q-billing', routedAt: NOW }) }), setting({ agents }), NOW);
    expect(d.assign).toEqual({ agentId: 'free', reason: expect.stringContaining('least-loaded: 1/5 open') });
    const manual = decideWorkflow(facts(), setting({ agents }), NOW);
    expect(manual.assign).toBeNull();
  });
});

describe('decideWorkflow: out of hours', () => {
  const saturday = Date.UTC(2026, 10, 28, 10) as EpochMs; // Saturday 11:00 in Berlin
  const closedTeam = setting({
    hours: new Map([['t-billing', berlin]]),
    outOfHours: { public: 'Thanks! We are back {{nextOpening}} and will answer then.', private: 'We are closed until {{nextOpening}}.' },
  });
  const arriving = (over: Partial<WorkflowConversation>) =>
    conversation({ queueId: 'q-billing', firstInboundAt: saturday, awaitingSince: saturday, lastInboundAt: saturday, ...over });

  it('acknowledges a message that arrives while the team is closed, saying when it opens, in the channel’s register', () => {
    expect(decideWorkflow(facts({ conversation: arriving({}) }), closedTeam, saturday).autoAck).toEqual({ text: 'Thanks! We are back Monday 09:00 and will answer then.' });
    expect(decideWorkflow(facts({ conversation: arriving({ isPublic: false }) }), closedTeam, saturday).autoAck).toEqual({ text: 'We are closed until Monday 09:00.' });
  });

  it('says nothing in business hours, on a later run, or without a configured text', () => {
    const wednesday = Date.UTC(2026, 10, 25, 10) as EpochMs;
    expect(decideWorkflow(facts({ conversation: arriving({ firstInboundAt: wednesday, lastInboundAt: wednesday, awaitingSince: wednesday }) }), closedTeam, wednesday).autoAck).toBeNull();
    expect(decideWorkflow(facts({ conversation: arriving({ routedAt: saturday }) }), closedTeam, saturday).autoAck).toBeNull();
    expect(decideWorkflow(facts({ conversation: arriving({}) }), setting({ hours: new Map([['t-billing', berlin]]) }), saturday).autoAck).toBeNull();
  });
});
