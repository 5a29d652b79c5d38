// The workflow step's storage: claim conversations marked pending (by ingest, or by a due SLA check), gather the
// facts the decision needs in a few set-based reads, and write each decision with its events — all in one
// transaction, so a crash leaves them pending and a second worker skips the rows this one holds.
import { sql, type Kysely, type Transaction } from 'kysely';
import { ASSIGNMENT_STRATEGIES, type AgentAvailability, type AssignmentStrategy } from '../domain/assignment.js';
import type { BusinessHours } from '../domain/business-hours.js';
import { DEFAULT_FAIR_QUEUE_WEIGHTS, type FairQueueWeights } from '../domain/fair-priority.js';
import type { ConversationId, EpochMs } from '../domain/ids.js';
import { ROUTING_RULE_SCHEMA, type RoutingRule } from '../domain/routing-rule.js';
import type { SlaClock } from '../domain/sla-clock.js';
import { SLA_POLICY_SCHEMA, type SlaPolicyDefinition } from '../domain/sla-policy.js';
import type { TriageResult } from '../domain/triage-result.js';
import type { WorkflowDecision, WorkflowFacts, WorkflowQueue, WorkflowSetting } from '../domain/workflow.js';
import { recordEvent } from './event-feed-store.js';
import { queueReplyIn } from './outbox-store.js';
import { toPgJson } from './pg-json.js';
import type { Schema } from './schema.js';

export interface WorkflowRunOptions {
  readonly limit: number;
  readonly now: EpochMs;
  readonly historicalAfterMs: number;
  /** How long before a public post an earlier ignored contact still makes it a vent. */
  readonly ventWindowMs: number;
  readonly decide: (facts: WorkflowFacts, setting: WorkflowSetting) => WorkflowDecision;
}

export interface WorkflowRunTotals {
  readonly processed: number;
  readonly assigned: number;
  readonly slaEvents: number;
  readonly vents: number;
}

const ms = (d: Date | string | null): EpochMs | null => (d === null ? null : new Date(d).getTime());
const parseJson = (v: unknown): unknown => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);

type Db = Kysely<Schema> | Transaction<Schema>;

/** Marks conversations whose next SLA warning or breach is due, so the next run fires it. */
export async function markDueSlaChecks(db: Kysely<Schema>, now: EpochMs): Promise<number> {
  const r = await sql`update conversation set workflow_pending = true
    where sla_next_check_at <= ${new Date(now)} and not workflow_pending`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function loadWorkflowSetting(db: Db, organisationId: string, historicalAfterMs: number): Promise<WorkflowSetting> {
  const rules = await sql<{ rule: unknown }>`select rule from routing_rule where organisation_id = ${organisationId} order by position`.execute(db);
  const policies = await sql<{ policy: unknown }>`select policy from sla_policy where organisation_id = ${organisationId} order by position`.execute(db);
  const settings = await sql<{ settings: unknown }>`select settings from organisation where id = ${organisationId}`.execute(db);
  const queues = await sql<{ id: string; team_id: string | null; assignment: string; skill: string | null }>`
    select id, team_id, assignment, skill from queue where organisation_id = ${organisationId}`.execute(db);
  const teams = await sql<{ id: string; business_hours: unknown }>`
    select id, business_hours from team where organisation_id = ${organisationId} and business_hours is not null`.execute(db);
  const agents = await sql<{
    id: string;
    availability: string;
    capacity: number;
    skills: string[];
    languages: string[];
    last_assigned_at: Date | null;
    team_ids: string[];
    load: number;
  }>`
    select a.id, a.availability, a.capacity, a.skills, a.languages, a.last_assigned_at,
      coalesce((select array_agg(tm.team_id::text) from team_member tm where tm.agent_id = a.id), '{}') as team_ids,
      (select count(*)::int from conversation c where c.assignee_id = a.id and c.status in ('new', 'open', 'pending')) as load
    from agent a where a.organisation_id = ${organisationId} and a.disabled_at is null and a.role in ('agent', 'lead', 'admin')`.execute(db);
  const s = (parseJson(settings.rows[0]?.settings) ?? {}) as {
    fairQueueWeights?: Partial<FairQueueWeights>;
    outOfHoursReply?: { public?: string; private?: string };
  };
  return {
    // Stored rows were validated when written; one that no longer parses (an older shape) is skipped, not fatal.
    rules: rules.rows.flatMap((r) => {
      const parsed = ROUTING_RULE_SCHEMA.safeParse(parseJson(r.rule));
      return parsed.success ? [parsed.data as RoutingRule] : [];
    }),
    policies: policies.rows.flatMap((r) => {
      const parsed = SLA_POLICY_SCHEMA.safeParse(parseJson(r.policy));
      return parsed.success ? [parsed.data as SlaPolicyDefinition] : [];
    }),
    weights: { ...DEFAULT_FAIR_QUEUE_WEIGHTS, ...s.fairQueueWeights, channel: { ...s.fairQueueWeights?.channel } },
    queues: new Map<string, WorkflowQueue>(
      queues.rows.map((q) => [
        q.id,
        { teamId: q.team_id, assignment: (ASSIGNMENT_STRATEGIES as readonly string[]).includes(q.assignment) ? (q.assignment as AssignmentStrategy) : 'manual', skill: q.skill },
      ]),
    ),
    hours: new Map(teams.rows.map((t) => [t.id, parseJson(t.business_hours) as BusinessHours])),
    agents: agents.rows.map((a) => ({
      id: a.id,
      availability: a.availability as AgentAvailability,
      load: a.load,
      capacity: a.capacity,
      skills: a.skills,
      languages: a.languages,
      lastAssignedAt: ms(a.last_assigned_at),
      teamIds: a.team_ids,
    })),
    historicalAfterMs,
    outOfHours: s.outOfHoursReply ?? null,
  };
}

interface FactRow {
  id: string;
  organisation_id: string;
  channel_account_id: string;
  kind: string;
  is_public: boolean;
  status: string;
  queue_id: string | null;
  assignee_id: string | null;
  tags: string[];
  first_inbound_at: Date | null;
  first_response_at: Date | null;
  resolved_at: Date | null;
  routed_at: Date | null;
  sla_clocks: unknown;
  vent_of_conversation_id: string | null;
  last_inbound_at: Date | null;
  last_outbound_at: Date | null;
  awaiting_since: Date | null;
  text: string | null;
  triage: unknown;
  attributes: unknown;
  vent_id: string | null;
  vent_kind: string | null;
  vent_answered: boolean | null;
}

async function gatherFacts(trx: Transaction<Schema>, ids: readonly string[], ventWindowMs: number): Promise<FactRow[]> {
  const rows = await sql<FactRow>`
    select c.id, c.organisation_id, c.channel_account_id, a.kind, c.is_public, c.status, c.queue_id, c.assignee_id, c.tags,
      c.first_inbound_at, c.first_response_at, c.resolved_at, c.routed_at, c.sla_clocks, c.vent_of_conversation_id,
      t.last_inbound_at, t.last_outbound_at,
      (select min(m.sent_at) from message m where m.conversation_id = c.id and m.direction = 'inbound'
        and m.sent_at > coalesce(t.last_outbound_at, '-infinity'::timestamptz)) as awaiting_since,
      latest.text, latest.triage, coalesce(k.attributes, '{}'::jsonb) as attributes,
      vent.id as vent_id, vent.kind as vent_kind, vent.answered as vent_answered
    from conversation c
    join channel_account a on a.id = c.channel_account_id
    left join contact k on k.id = c.contact_id
    cross join lateral (
      select max(m.sent_at) filter (where m.direction = 'inbound') as last_inbound_at,
             max(m.sent_at) filter (where m.direction = 'outbound' and m.author_handle <> 'desk:auto') as last_outbound_at
      from message m where m.conversation_id = c.id) t
    left join lateral (
      select m.text, m.triage from message m where m.conversation_id = c.id and m.direction = 'inbound'
      order by m.sent_at desc, m.created_at desc limit 1) latest on true
    left join lateral (
      -- The same customer's earlier contact on another channel, still unanswered or unresolved.
      select e.id, ea.kind, e.first_response_at is not null as answered
      from conversation e join channel_account ea on ea.id = e.channel_account_id
      where c.is_public and c.vent_of_conversation_id is null and c.contact_id is not null
        and e.contact_id = c.contact_id and e.id <> c.id and ea.kind <> a.kind
        and e.first_inbound_at < c.first_inbound_at
        and e.first_inbound_at >= c.first_inbound_at - ${`${Math.round(ventWindowMs / 1000)} seconds`}::interval
        and (e.first_response_at is null or e.status not in ('resolved', 'closed'))
      order by e.first_inbound_at desc limit 1) vent on true
    where c.id = any(${sql.val([...ids])}::uuid[])`.execute(trx);
  return rows.rows;
}

function factsOf(r: FactRow): WorkflowFacts {
  return {
    conversation: {
      id: r.id,
      channelKind: r.kind,
      channelAccountId: r.channel_account_id,
      isPublic: r.is_public,
      status: r.status,
      queueId: r.queue_id,
      assigneeId: r.assignee_id,
      tags: r.tags,
      firstInboundAt: ms(r.first_inbound_at),
      firstResponseAt: ms(r.first_response_at),
      awaitingSince: ms(r.awaiting_since),
      lastOutboundAt: ms(r.last_outbound_at),
      lastInboundAt: ms(r.last_inbound_at),
      resolvedAt: ms(r.resolved_at),
      routedAt: ms(r.routed_at),
      slaClocks: (parseJson(r.sla_clocks) ?? []) as SlaClock[],
      ventOf: r.vent_of_conversation_id,
    },
    triage: (parseJson(r.triage) ?? null) as TriageResult | null,
    text: r.text ?? '',
    contact: (parseJson(r.attributes) ?? {}) as Record<string, string | number | boolean>,
    ventCandidate: r.vent_id === null ? null : { conversationId: r.vent_id, channelKind: r.vent_kind ?? 'unknown', answered: r.vent_answered ?? false },
  };
}

/** Claims up to `limit` pending conversations and applies the workflow decision to each. */
export async function runWorkflowBatch(db: Kysely<Schema>, options: WorkflowRunOptions): Promise<WorkflowRunTotals> {
  return db.transaction().execute(async (trx) => {
    const claimed = await sql<{ id: string }>`
      select id from conversation where workflow_pending order by created_at, id limit ${options.limit} for update skip locked`.execute(trx);
    const totals = { processed: 0, assigned: 0, slaEvents: 0, vents: 0 };
    if (claimed.rows.length === 0) return totals;
    const facts = await gatherFacts(
      trx,
      claimed.rows.map((r) => r.id),
      options.ventWindowMs,
    );
    const settings = new Map<string, WorkflowSetting>();
    for (const row of facts) {
      let setting = settings.get(row.organisation_id);
      if (!setting) {
        setting = await loadWorkflowSetting(trx, row.organisation_id, options.historicalAfterMs);
        settings.set(row.organisation_id, setting);
      }
      const decision = options.decide(factsOf(row), setting);
      await applyDecision(trx, row, decision, options.now);
      totals.processed++;
      totals.slaEvents += decision.slaEvents.length;
      if (decision.vent) totals.vents++;
      if (decision.assign) {
        totals.assigned++;
        // Later conversations of this batch see the new load and round-robin turn.
        const agent = setting.agents.find((a) => a.id === decision.assign!.agentId);
        if (agent) setting = { ...setting, agents: setting.agents.map((a) => (a === agent ? { ...a, load: a.load + 1, lastAssignedAt: options.now } : a)) };
        settings.set(row.organisation_id, setting);
      }
    }
    return totals;
  });
}

async function applyDecision(trx: Transaction<Schema>, row: FactRow, d: WorkflowDecision, now: EpochMs): Promise<void> {
  const at = new Date(now);
  await sql`update conversation set
      workflow_pending = false,
      queue_id = ${d.queueId},
      priority = ${d.priority},
      need_reasons = ${sql.val([...d.needReasons])}::text[],
      routing_reasons = coalesce(${d.routingReasons === null ? null : sql.val([...d.routingReasons])}::text[], routing_reasons),
      routed_at = coalesce(routed_at, ${at}),
      tags = ${sql.val([...d.tags])}::text[],
      path = ${d.path},
      path_reasons = ${sql.val([...d.pathReasons])}::text[],
      sla_policy_id = ${d.slaPolicyId}::uuid,
      sla_clocks = ${toPgJson(d.slaClocks)}::jsonb,
      sla_due_at = ${d.slaDueAt === null ? null : new Date(d.slaDueAt)},
      sla_next_check_at = ${d.slaNextCheckAt === null ? null : new Date(d.slaNextCheckAt)},
      vent_of_conversation_id = coalesce(vent_of_conversation_id, ${d.vent?.conversationId ?? null}::uuid),
      assignee_id = coalesce(assignee_id, ${d.assign?.agentId ?? null}::uuid)
    where id = ${row.id}`.execute(trx);
  const event = (type: string, payload: Record<string, unknown>) =>
    recordEvent(trx, { organisationId: row.organisation_id, type, conversationId: row.id, agentId: null, payload: { conversationId: row.id, ...payload } });
  if (d.routingReasons !== null) await event('conversation.routed', { queueId: d.queueId, reasons: d.routingReasons, path: d.path, priority: d.priority });
  if (d.assign && row.assignee_id === null) {
    await sql`update agent set last_assigned_at = ${at} where id = ${d.assign.agentId}`.execute(trx);
    await event('conversation.assigned', { assigneeId: d.assign.agentId, previousAssigneeId: null, automatic: true, reason: d.assign.reason });
  }
  for (const e of d.slaEvents) await event(e.kind === 'warning' ? 'sla.warning' : 'sla.breach', { target: e.target, at: new Date(e.at).toISOString() });
  if (d.vent) await event('conversation.vent', { earlierConversationId: d.vent.conversationId, reason: d.vent.reason });
  if (d.autoAck) {
    const queued = await queueReplyIn(trx, { conversationId: row.id as ConversationId, authorAgentId: null, text: d.autoAck.text, automatic: true });
    await event('conversation.auto_acknowledged', { messageId: queued.messageId, reason: 'out of business hours' });
  }
}
