// The workflow step for one conversation, as a pure decision over facts the store gathered: route it by the
// admins' rules (once), score its need for the fair queue, suggest a response path, run its SLA clocks in the
// team's business time, flag a public vent about an earlier ignored contact, and pick an agent when the queue
// assigns automatically. Run again on every change and on every due SLA check; the same facts give the same
// decision, and warning/breach events fire once because the clocks remember them.
import { decideAssignment } from '../domain/assignment.js';
import { ALWAYS_OPEN, formatLocalOpening, isWithinBusinessHours, nextOpening, type BusinessHours } from '../domain/business-hours.js';
import { scoreNeed } from '../domain/fair-priority.js';
import type { EpochMs } from '../domain/ids.js';
import { evaluateRoutingRules } from '../domain/routing-rule.js';
import { startSlaClock, stopSlaClock, tickSlaClock, type SlaClock, type SlaEvent, type SlaTarget } from '../domain/sla-clock.js';
import { chooseSlaPolicy } from '../domain/sla-policy.js';
import type { WorkflowConversation, WorkflowDecision, WorkflowFacts, WorkflowSetting } from '../domain/workflow.js';

/** Channels where a customer speaks in public about the company (DESIGN.md §1: vents). */
const SOCIAL = new Set(['x', 'facebook', 'instagram', 'reddit', 'youtube', 'mastodon', 'bluesky', 'linkedin', 'rss']);
const CLOSED = new Set(['resolved', 'closed']);
const WORKED = new Set(['new', 'open', 'pending']);

function clocksFor(c: WorkflowConversation, policy: ReturnType<typeof chooseSlaPolicy>, hours: BusinessHours, now: EpochMs) {
  if (!policy || c.firstInboundAt === null) return { clocks: [] as SlaClock[], events: [] as SlaEvent[] };
  const wanted: { target: SlaTarget; startedAt: EpochMs; stoppedAt: EpochMs | null }[] = [
    { target: 'first-response', startedAt: c.firstInboundAt, stoppedAt: c.firstResponseAt },
    { target: 'resolution', startedAt: c.firstInboundAt, stoppedAt: CLOSED.has(c.status) ? (c.resolvedAt ?? now) : null },
  ];
  if (c.firstResponseAt !== null && c.awaitingSince !== null && c.awaitingSince > c.firstResponseAt) {
    wanted.push({ target: 'next-response', startedAt: c.awaitingSince, stoppedAt: null });
  }
  const clocks: SlaClock[] = [];
  const events: SlaEvent[] = [];
  for (const w of wanted) {
    const fresh = startSlaClock(policy.policy, w.target, w.startedAt, hours);
    if (!fresh) continue;
    const stored = c.slaClocks.find((s) => s.target === w.target && s.startedAt === w.startedAt);
    // Remembered warnings and breaches keep their events from firing twice.
    let clock: SlaClock = stored ? { ...fresh, warnedAt: stored.warnedAt, breachedAt: stored.breachedAt, stoppedAt: stored.stoppedAt } : fresh;
    if (w.stoppedAt !== null) clock = stopSlaClock(clock, w.stoppedAt);
    const ticked = tickSlaClock(clock, now);
    clocks.push(ticked.clock);
    events.push(...ticked.events);
  }
  // An answered next-response clock is kept (stopped at the answer) for the reports, one per target at most.
  for (const s of c.slaClocks) {
    if (s.target === 'next-response' && !clocks.some((k) => k.target === s.target)) {
      const stopped = stopSlaClock(s, c.lastOutboundAt ?? now);
      const ticked = tickSlaClock(stopped, now);
      clocks.push(ticked.clock);
      events.push(...ticked.events);
    }
  }
  return { clocks, events };
}

export function decideWorkflow(facts: WorkflowFacts, setting: WorkflowSetting, now: EpochMs): WorkflowDecision {
  const c = facts.conversation;
  const t = facts.triage;
  const newest = c.lastInboundAt ?? c.firstInboundAt;
  const historical = newest !== null && now - newest > setting.historicalAfterMs;

  // Routing: rules look at the newest message; the queue moves only on the first routing.
  const routingFacts = {
      channelKind: c.channelKind,
      channelAccountId: c.channelAccountId,
      language: t?.language.value ?? 'unknown',
      intent: t?.intent.value ?? 'other',
      sentiment: t?.sentiment.value ?? 'neutral',
      complaint: t?.complaint.value ?? false,
      isPublic: c.isPublic,
      priority: t?.priority.value ?? 0,
      influence: t?.influence.value ?? 0,
      text: facts.text,
      contact: facts.contact,
  };
  const routing = evaluateRoutingRules(setting.rules, routingFacts, { queueId: c.queueId, priority: 0 });
  const firstRouting = c.routedAt === null;
  const queueId = firstRouting ? routing.queueId : c.queueId;
  const queue = queueId === null ? undefined : setting.queues.get(queueId);
  const hours = (queue?.teamId && setting.hours.get(queue.teamId)) || ALWAYS_OPEN;

  // Fair queue: need first; SLA pressure from the clock that is due soonest.
  const draft = scoreNeed(
    {
      urgency: t?.urgency.value ?? 0,
      sentiment: t?.sentiment.value ?? 'neutral',
      complaint: t?.complaint.value ?? false,
      churnThreat: t?.intent.value === 'cancel',
      customerValue: typeof facts.contact['value'] === 'number' ? facts.contact['value'] : 0,
      influence: t?.influence.value ?? 0,
      slaElapsed: 0,
      channelKind: c.channelKind,
    },
    setting.weights,
  );
  const policy = historical ? null : chooseSlaPolicy(setting.policies, { queueId, channelKind: c.channelKind, priority: draft.score });
  const { clocks, events } = clocksFor(c, policy, hours, now);
  const running = clocks.filter((k) => k.stoppedAt === null);
  const soonest = running.reduce<SlaClock | null>((a, k) => (a === null || k.dueAt < a.dueAt ? k : a), null);
  const need = scoreNeed(
    {
      urgency: t?.urgency.value ?? 0,
      sentiment: t?.sentiment.value ?? 'neutral',
      complaint: t?.complaint.value ?? false,
      churnThreat: t?.intent.value === 'cancel',
      customerValue: typeof facts.contact['value'] === 'number' ? facts.contact['value'] : 0,
      influence: t?.influence.value ?? 0,
      slaElapsed: soonest ? (now - soonest.startedAt) / Math.max(1, soonest.dueAt - soonest.startedAt) : 0,
      channelKind: c.channelKind,
    },
    setting.weights,
  );
  // Rule priority changes apply on top of need (evaluated again from the need score, clamped as the rules go).
  const priority = evaluateRoutingRules(setting.rules, routingFacts, { queueId: c.queueId, priority: need.score }).priority;
  const delta = priority - need.score;
  const needReasons = delta === 0 ? need.reasons : [...need.reasons, `${delta > 0 ? '+' : ''}${delta} routing rules`];

  const path = routing.path ?? t?.path.value ?? null;
  const pathReasons = routing.path ? routing.reasons.filter((r) => r.includes(`path ${routing.path}`)) : [...(t?.path.reasons ?? [])];

  // Vent: a public post from a customer whose earlier contact elsewhere went unanswered or unresolved.
  let vent: WorkflowDecision['vent'] = null;
  const v = facts.ventCandidate;
  if (c.ventOf === null && v && c.isPublic && SOCIAL.has(c.channelKind) && v.channelKind !== c.channelKind) {
    vent = { conversationId: v.conversationId, reason: `earlier ${v.channelKind} contact ${v.answered ? 'still unresolved' : 'never answered'}` };
  }

  let assign: WorkflowDecision['assign'] = null;
  if (!historical && c.assigneeId === null && WORKED.has(c.status) && queue && queue.teamId !== null) {
    const teamAgents = setting.agents.filter((a) => a.teamIds.includes(queue.teamId!));
    const decided = decideAssignment(queue.assignment, { language: t?.language.value ?? 'unknown', skills: queue.skill ? [queue.skill] : [] }, teamAgents);
    if (decided.kind === 'assign') assign = { agentId: decided.agentId, reason: decided.reason };
  }
  if (firstRouting && routing.assigneeId !== null && c.assigneeId === null) {
    assign = { agentId: routing.assigneeId, reason: 'routing rule' };
  }

  // Out of hours: say so at once and when we are back, so a customer is not left wondering (the SLA clock waits
  // for the opening anyway). Only on the first routing, never for a conversation already answered.
  let autoAck: WorkflowDecision['autoAck'] = null;
  const ooh = setting.outOfHours;
  const arrived = c.firstInboundAt;
  const text = ooh && (c.isPublic ? ooh.public : ooh.private);
  if (firstRouting && !historical && text && arrived !== null && c.firstResponseAt === null && queue?.teamId && setting.hours.has(queue.teamId) && !isWithinBusinessHours(hours, arrived)) {
    autoAck = { text: text.replaceAll('{{nextOpening}}', formatLocalOpening(hours, nextOpening(hours, arrived))) };
  }

  const nextChecks = running.flatMap((k) => (k.warnedAt === null ? [k.warnAt] : k.breachedAt === null ? [k.dueAt] : []));
  const tags = [...new Set([...c.tags, ...routing.tags, ...(vent ? ['vent'] : [])])].sort();
  return {
    queueId,
    priority,
    needReasons,
    routingReasons: firstRouting ? (routing.reasons.length > 0 ? routing.reasons : ['no routing rule matched: default queue']) : null,
    tags,
    path,
    pathReasons,
    assign,
    slaPolicyId: policy?.policy.id ?? null,
    slaClocks: clocks,
    slaEvents: events,
    slaDueAt: soonest?.dueAt ?? null,
    slaNextCheckAt: nextChecks.length > 0 ? Math.min(...nextChecks) : null,
    vent,
    autoAck,
  };
}
