// What a reply needs besides the outbox: the conversation and author facts that decide signature, template
// language and approval; the saved templates; and replies that wait for a lead. Approving sends the reply in the
// same transaction that records the decision, so a reply is never approved twice nor lost between the two.
import { sql, type Kysely } from 'kysely';
import type { AgentRole, ConversationScope } from '../domain/access.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import type { AgentId, ChannelAccountId, ConversationId, EpochMs, MessageId } from '../domain/ids.js';
import { isUuid } from './agent-store.js';
import { scopeCondition } from './conversation-scope-sql.js';
import { recordEvent } from './event-feed-store.js';
import { queueReplyIn, type QueueReplyInput } from './outbox-store.js';
import type { Schema } from './schema.js';

export interface ReplyContext {
  readonly organisationId: string;
  readonly channelAccountId: ChannelAccountId;
  readonly isPublic: boolean;
  readonly language: string | null;
  readonly tags: readonly string[];
  /** Crisis terms triage found in the customer's newest message. */
  readonly crisisTerms: readonly string[];
  readonly contactName: string | null;
  /** The customer completed a private handoff: they moved to private with us. */
  readonly handoffCompleted: boolean;
  readonly author: { readonly id: AgentId; readonly name: string; readonly role: AgentRole; readonly signature: string | null; readonly inTraining: boolean };
  readonly settings: {
    readonly publicReplyApproval?: boolean;
    readonly sensitiveTags?: readonly string[];
    readonly defaultLanguage?: string;
    readonly signature?: string;
    readonly handoffMessage?: string;
    readonly csatSurvey?: boolean;
    readonly csatMessage?: string;
  };
}

/** The conversation in the author's scope with what the reply rules need; null when absent or out of scope. */
export async function loadReplyContext(db: Kysely<Schema>, input: { conversationId: string; scope: ConversationScope; authorId: AgentId }): Promise<ReplyContext | null> {
  if (!isUuid(input.conversationId)) return null;
  const rows = await sql<{
    organisation_id: string;
    channel_account_id: string;
    is_public: boolean;
    language: string | null;
    tags: string[];
    crisis: unknown;
    contact_name: string | null;
    settings: unknown;
    name: string;
    role: AgentRole;
    signature: string | null;
    in_training: boolean;
    handoff_completed: boolean;
  }>`
    select c.organisation_id, c.channel_account_id, c.is_public, c.language, c.tags, lm.triage->'crisis'->'terms' as crisis,
      k.display_name as contact_name, o.settings, a.name, a.role, a.signature, a.in_training,
      exists (select 1 from handoff_link h where h.conversation_id = c.id and h.used_at is not null) as handoff_completed
    from conversation c
    join organisation o on o.id = c.organisation_id
    join agent a on a.id = ${input.authorId}::uuid
    left join contact k on k.id = c.contact_id
    left join lateral (select m.triage from message m where m.conversation_id = c.id and m.direction = 'inbound'
      order by m.sent_at desc limit 1) lm on true
    where c.id = ${input.conversationId}::uuid and ${scopeCondition(input.scope)}`.execute(db);
  const r = rows.rows[0];
  if (!r) return null;
  const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);
  const crisis = json(r.crisis);
  return {
    organisationId: r.organisation_id,
    channelAccountId: r.channel_account_id as ChannelAccountId,
    isPublic: r.is_public,
    language: r.language,
    tags: r.tags,
    crisisTerms: Array.isArray(crisis) ? crisis.filter((t): t is string => typeof t === 'string') : [],
    contactName: r.contact_name,
    handoffCompleted: r.handoff_completed,
    author: { id: input.authorId, name: r.name, role: r.role, signature: r.signature, inTraining: r.in_training },
    settings: (json(r.settings) ?? {}) as ReplyContext['settings'],
  };
}

export interface ReplyTemplate {
  readonly id: string;
  readonly name: string;
  readonly language: string;
  readonly body: string;
  readonly updatedAt: EpochMs;
}

type TemplateRow = { id: string; name: string; language: string; body: string; updated_at: Date };
const templateOf = (r: TemplateRow): ReplyTemplate => ({ id: r.id, name: r.name, language: r.language, body: r.body, updatedAt: new Date(r.updated_at).getTime() });

export async function listTemplates(db: Kysely<Schema>, organisationId: string, name?: string): Promise<ReplyTemplate[]> {
  const rows = await sql<TemplateRow>`select id, name, language, body, updated_at from reply_template
    where organisation_id = ${organisationId} and (${name ?? null}::text is null or name = ${name ?? null}) order by name, language`.execute(db);
  return rows.rows.map(templateOf);
}

export async function saveTemplate(db: Kysely<Schema>, organisationId: string, t: { id?: string; name: string; language: string; body: string }): Promise<ReplyTemplate> {
  const clash = await sql`select 1 from reply_template where organisation_id = ${organisationId} and name = ${t.name} and language = ${t.language}
    and id <> coalesce(${t.id ?? null}::uuid, '00000000-0000-0000-0000-000000000000')`.execute(db);
  if (clash.rows.length > 0) throw new ConflictError('TEMPLATE_EXISTS', `a template "${t.name}" in ${t.language} already exists`);
  if (t.id !== undefined) {
    if (!isUuid(t.id)) throw new NotFoundError('TEMPLATE_NOT_FOUND', `template ${t.id} does not exist`);
    const rows = await sql<TemplateRow>`update reply_template set name = ${t.name}, language = ${t.language}, body = ${t.body}, updated_at = now()
      where id = ${t.id} and organisation_id = ${organisationId} returning id, name, language, body, updated_at`.execute(db);
    if (!rows.rows[0]) throw new NotFoundError('TEMPLATE_NOT_FOUND', `template ${t.id} does not exist`);
    return templateOf(rows.rows[0]);
  }
  const rows = await sql<TemplateRow>`insert into reply_template (organisation_id, name, language, body) values (${organisationId}, ${t.name}, ${t.language}, ${t.body})
    returning id, name, language, body, updated_at`.execute(db);
  return templateOf(rows.rows[0]!);
}

export async function deleteTemplate(db: Kysely<Schema>, organisationId: string, id: string): Promise<void> {
  const r = isUuid(id) ? await sql`delete from reply_template where id = ${id} and organisation_id = ${organisationId}`.execute(db) : { numAffectedRows: 0n };
  if (Number(r.numAffectedRows ?? 0) === 0) throw new NotFoundError('TEMPLATE_NOT_FOUND', `template ${id} does not exist`);
}

export interface ReplyApproval {
  readonly id: string;
  readonly conversationId: ConversationId;
  readonly authorAgentId: AgentId;
  readonly authorName: string;
  readonly text: string;
  readonly reasons: readonly string[];
  readonly status: 'pending' | 'approved' | 'rejected';
  readonly decidedBy: AgentId | null;
  readonly decisionReason: string | null;
  readonly messageId: MessageId | null;
  readonly createdAt: EpochMs;
  readonly decidedAt: EpochMs | null;
}

type ApprovalRow = {
  id: string;
  conversation_id: string;
  author_agent_id: string;
  author_name: string;
  text: string;
  reasons: string[];
  status: ReplyApproval['status'];
  decided_by: string | null;
  decision_reason: string | null;
  message_id: string | null;
  created_at: Date;
  decided_at: Date | null;
};
const approvalOf = (r: ApprovalRow): ReplyApproval => ({
  id: r.id,
  conversationId: r.conversation_id as ConversationId,
  authorAgentId: r.author_agent_id as AgentId,
  authorName: r.author_name,
  text: r.text,
  reasons: r.reasons,
  status: r.status,
  decidedBy: r.decided_by as AgentId | null,
  decisionReason: r.decision_reason,
  messageId: r.message_id as MessageId | null,
  createdAt: new Date(r.created_at).getTime(),
  decidedAt: r.decided_at === null ? null : new Date(r.decided_at).getTime(),
});

export async function requestApproval(
  db: Kysely<Schema>,
  input: { organisationId: string; conversationId: string; authorId: AgentId; text: string; reasons: readonly string[] },
): Promise<ReplyApproval> {
  return db.transaction().execute(async (trx) => {
    const rows = await sql<{ id: string }>`insert into reply_approval (organisation_id, conversation_id, author_agent_id, text, reasons)
      values (${input.organisationId}, ${input.conversationId}, ${input.authorId}, ${input.text}, ${sql.val([...input.reasons])}::text[]) returning id`.execute(trx);
    const id = rows.rows[0]!.id;
    await recordEvent(trx, {
      organisationId: input.organisationId,
      type: 'reply.awaiting_approval',
      conversationId: input.conversationId,
      agentId: input.authorId,
      payload: { conversationId: input.conversationId, approvalId: id, reasons: [...input.reasons] },
    });
    return (await loadApprovals(trx, { ids: [id] }))[0]!;
  });
}

async function loadApprovals(db: Kysely<Schema>, where: { ids?: readonly string[]; organisationId?: string; scope?: ConversationScope; status?: string; conversationId?: string }): Promise<ReplyApproval[]> {
  const rows = await sql<ApprovalRow>`
    select r.id, r.conversation_id, r.author_agent_id, a.name as author_name, r.text, r.reasons, r.status, r.decided_by, r.decision_reason,
      r.message_id, r.created_at, r.decided_at
    from reply_approval r join agent a on a.id = r.author_agent_id join conversation c on c.id = r.conversation_id
    where (${where.ids ? sql.val([...where.ids]) : null}::uuid[] is null or r.id = any(${where.ids ? sql.val([...where.ids]) : null}::uuid[]))
      and (${where.organisationId ?? null}::uuid is null or r.organisation_id = ${where.organisationId ?? null}::uuid)
      and (${where.status ?? null}::text is null or r.status = ${where.status ?? null})
      and (${where.conversationId ?? null}::uuid is null or r.conversation_id = ${where.conversationId ?? null}::uuid)
      and ${where.scope ? scopeCondition(where.scope) : sql`true`}
    order by r.created_at, r.id limit 500`.execute(db);
  return rows.rows.map(approvalOf);
}

/** Approvals a lead can see (their teams' conversations), oldest first. */
export async function listApprovals(
  db: Kysely<Schema>,
  input: { organisationId: string; scope: ConversationScope; status?: 'pending' | 'approved' | 'rejected'; conversationId?: string },
): Promise<ReplyApproval[]> {
  if (input.conversationId !== undefined && !isUuid(input.conversationId)) return [];
  return loadApprovals(db, input);
}

/**
 * Approves (optionally with the lead's edited text; the reply then goes out as the agent's, signed by them) or
 * rejects with a reason. Exactly one decision wins; a second answers 409 APPROVAL_DECIDED.
 */
export async function decideApproval(
  db: Kysely<Schema>,
  input: {
    id: string;
    organisationId: string;
    scope: ConversationScope;
    deciderId: AgentId;
    decision: { kind: 'approve'; text: string; check?: QueueReplyInput['check'] } | { kind: 'reject'; reason: string };
  },
): Promise<ReplyApproval> {
  const missing = new NotFoundError('APPROVAL_NOT_FOUND', `approval ${input.id} does not exist or is not in your teams`);
  if (!isUuid(input.id)) throw missing;
  return db.transaction().execute(async (trx) => {
    const rows = await sql<{ status: string; conversation_id: string; author_agent_id: string }>`
      select r.status, r.conversation_id, r.author_agent_id from reply_approval r join conversation c on c.id = r.conversation_id
      where r.id = ${input.id} and r.organisation_id = ${input.organisationId} and ${scopeCondition(input.scope)} for update of r`.execute(trx);
    const row = rows.rows[0];
    if (!row) throw missing;
    if (row.status !== 'pending') throw new ConflictError('APPROVAL_DECIDED', `this reply was already ${row.status}`);
    const d = input.decision;
    let messageId: string | null = null;
    if (d.kind === 'approve') {
      const queued = await queueReplyIn(trx, {
        conversationId: row.conversation_id as ConversationId,
        authorAgentId: row.author_agent_id as AgentId,
        text: d.text,
        ...(d.check ? { check: d.check } : {}),
      });
      messageId = queued.messageId;
    }
    await sql`update reply_approval set status = ${d.kind === 'approve' ? 'approved' : 'rejected'}, decided_by = ${input.deciderId}, decided_at = now(),
      decision_reason = ${d.kind === 'reject' ? d.reason : null}, message_id = ${messageId}, text = ${d.kind === 'approve' ? d.text : sql`text`}
      where id = ${input.id}`.execute(trx);
    await recordEvent(trx, {
      organisationId: input.organisationId,
      type: d.kind === 'approve' ? 'reply.approved' : 'reply.rejected',
      conversationId: row.conversation_id,
      agentId: input.deciderId,
      payload: { conversationId: row.conversation_id, approvalId: input.id, authorAgentId: row.author_agent_id, ...(d.kind === 'reject' ? { reason: d.reason } : { messageId }) },
    });
    return (await loadApprovals(trx, { ids: [input.id] }))[0]!;
  });
}
