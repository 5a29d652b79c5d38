// What an agent does to a conversation: assign, change status, tag, add an internal note with @mentions. Each is
// one transaction that locks the row, checks the actor's scope, applies the change and records the event.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { canBeAssigned, type Actor, type ConversationScope } from '../domain/access.js';
import { transitionStatus, type ConversationStatus } from '../domain/conversation-status.js';
import { ConflictError, EarshotError, NotFoundError } from '../domain/errors.js';
import type { AgentId, EpochMs, MessageId, TeamId } from '../domain/ids.js';
import { extractMentions, mentionMatches } from '../domain/mentions.js';
import { agentFromRow, isUuid } from './agent-store.js';
import { scopeCondition } from './conversation-scope-sql.js';
import { loadConversationSummary, type ConversationSummary } from './conversation-query-store.js';
import { recordEvent } from './event-feed-store.js';
import type { Schema } from './schema.js';

export interface ConversationChange {
  readonly organisationId: string;
  readonly scope: ConversationScope;
  readonly actorId: AgentId;
  readonly conversationId: string;
}

interface Locked {
  id: string;
  status: string;
  assignee_id: string | null;
  team_id: string | null;
  tags: string[];
  channel_account_id: string;
}

async function lockInScope(trx: Transaction<Schema>, change: ConversationChange): Promise<Locked> {
  const missing = new NotFoundError('CONVERSATION_NOT_FOUND', `conversation ${change.conversationId} does not exist or is not in your teams`);
  if (!isUuid(change.conversationId)) throw missing;
  const rows = await sql<Locked>`
    select c.id, c.status, c.assignee_id, c.tags, c.channel_account_id, (select q.team_id from queue q where q.id = c.queue_id) as team_id
    from conversation c
    where c.id = ${change.conversationId}::uuid and c.organisation_id = ${change.organisationId}::uuid and ${scopeCondition(change.scope)}
    for update of c`.execute(trx);
  if (!rows.rows[0]) throw missing;
  return rows.rows[0];
}

async function reload(db: Kysely<Schema>, change: ConversationChange): Promise<ConversationSummary> {
  // The actor was in scope a moment ago; a lead moving the conversation out of scope still gets the result.
  return (await loadConversationSummary(db, { organisationId: change.organisationId, scope: { kind: 'all' }, id: change.conversationId }))!;
}

/** Assigns to an agent who can see the conversation, or unassigns with `assigneeId` null. */
export async function assignConversation(db: Kysely<Schema>, change: ConversationChange & { assigneeId: string | null }): Promise<ConversationSummary> {
  await db.transaction().execute(async (trx) => {
    const c = await lockInScope(trx, change);
    if (change.assigneeId !== null) {
      const rows = isUuid(change.assigneeId)
        ? await sql<Parameters<typeof agentFromRow>[0]>`
            select a.id, a.organisation_id, a.email, a.name, a.role, a.disabled_at, a.created_at,
              coalesce((select array_agg(tm.team_id::text) from team_member tm where tm.agent_id = a.id), '{}') as team_ids
            from agent a where a.id = ${change.assigneeId}::uuid and a.organisation_id = ${change.organisationId}::uuid`.execute(trx)
        : { rows: [] };
      const row = rows.rows[0];
      if (!row) throw new NotFoundError('AGENT_NOT_FOUND', `assigneeId: agent ${change.assigneeId} does not exist`);
      const assignee = agentFromRow(row);
      const actor: Actor = { agentId: assignee.id, organisationId: assignee.organisationId, role: assignee.role, teamIds: assignee.teamIds };
      if (assignee.disabled || !canBeAssigned(actor, c.team_id as TeamId | null)) {
        throw new EarshotError('CONVERSATION_ASSIGNEE_INVALID', `assigneeId: ${assignee.email} cannot see this conversation's queue, so cannot be assigned it`);
      }
    }
    if (c.assignee_id === change.assigneeId) return;
    await sql`update conversation set assignee_id = ${change.assigneeId}, updated_at = now() where id = ${c.id}`.execute(trx);
    await recordEvent(trx, {
      organisationId: change.organisationId,
      type: change.assigneeId === null ? 'conversation.unassigned' : 'conversation.assigned',
      conversationId: c.id,
      agentId: change.actorId,
      payload: { conversationId: c.id, assigneeId: change.assigneeId, previousAssigneeId: c.assignee_id },
    });
  });
  return reload(db, change);
}

/** Status moves only through the domain state machine; an illegal move is CONVERSATION_ILLEGAL_TRANSITION. */
export async function changeConversationStatus(db: Kysely<Schema>, change: ConversationChange & { status: ConversationStatus }): Promise<ConversationSummary> {
  await db.transaction().execute(async (trx) => {
    const c = await lockInScope(trx, change);
    const from = c.status as ConversationStatus;
    if (from === change.status) return;
    const to = transitionStatus(from, change.status);
    await sql`update conversation set status = ${to}, updated_at = now(), workflow_pending = true, snoozed_until = null,
      resolved_at = case when ${to} = 'resolved' then now() when ${to} = 'open' then null else resolved_at end
      where id = ${c.id}`.execute(trx);
    await recordEvent(trx, {
      organisationId: change.organisationId,
      type: 'conversation.status_changed',
      conversationId: c.id,
      agentId: change.actorId,
      payload: { conversationId: c.id, from, to },
    });
  });
  return reload(db, change);
}

/** Snoozes until a time; the workflow worker reopens it then and reminds the assignee (or the customer does first). */
export async function snoozeConversation(db: Kysely<Schema>, change: ConversationChange & { until: EpochMs }): Promise<ConversationSummary> {
  await db.transaction().execute(async (trx) => {
    const c = await lockInScope(trx, change);
    const to = transitionStatus(c.status as ConversationStatus, 'snoozed');
    await sql`update conversation set status = ${to}, snoozed_until = ${new Date(change.until)}, updated_at = now(), workflow_pending = true
      where id = ${c.id}`.execute(trx);
    await recordEvent(trx, {
      organisationId: change.organisationId,
      type: 'conversation.snoozed',
      conversationId: c.id,
      agentId: change.actorId,
      payload: { conversationId: c.id, until: new Date(change.until).toISOString() },
    });
  });
  return reload(db, change);
}

/** Reopens conversations whose snooze has ended and records a reminder for their assignee. */
export async function wakeSnoozed(db: Kysely<Schema>, now: EpochMs): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const woken = await sql<{ id: string; organisation_id: string; assignee_id: string | null }>`
      update conversation set status = 'open', snoozed_until = null, updated_at = now(), workflow_pending = true
      where status = 'snoozed' and snoozed_until <= ${new Date(now)} returning id, organisation_id, assignee_id`.execute(trx);
    for (const w of woken.rows) {
      await recordEvent(trx, {
        organisationId: w.organisation_id,
        type: 'conversation.snooze_ended',
        conversationId: w.id,
        agentId: null,
        payload: { conversationId: w.id, assigneeId: w.assignee_id, reminder: true },
      });
    }
    return woken.rows.length;
  });
}

/**
 * "I'll take it": assigns the conversation to the actor only if nobody has it, in one conditional update, so of
 * two agents claiming at the same moment exactly one wins and the other learns who did.
 */
export async function claimConversation(db: Kysely<Schema>, change: ConversationChange): Promise<ConversationSummary> {
  await db.transaction().execute(async (trx) => {
    const c = await lockInScope(trx, change);
    if (c.assignee_id === change.actorId) return;
    if (c.assignee_id !== null) {
      const owner = await sql<{ name: string }>`select name from agent where id = ${c.assignee_id}::uuid`.execute(trx);
      throw new ConflictError('CONVERSATION_ALREADY_CLAIMED', `${owner.rows[0]?.name ?? 'another agent'} already has this conversation`, {
        details: { assigneeId: c.assignee_id },
      });
    }
    await sql`update conversation set assignee_id = ${change.actorId}, updated_at = now() where id = ${c.id}`.execute(trx);
    await sql`update agent set last_assigned_at = now() where id = ${change.actorId}`.execute(trx);
    await recordEvent(trx, {
      organisationId: change.organisationId,
      type: 'conversation.assigned',
      conversationId: c.id,
      agentId: change.actorId,
      payload: { conversationId: c.id, assigneeId: change.actorId, previousAssigneeId: null, claimed: true },
    });
  });
  return reload(db, change);
}

/** The agent overrides the suggested response path (null returns to the suggestion); the suggestion is kept. */
export async function setConversationPath(db: Kysely<Schema>, change: ConversationChange & { path: string | null }): Promise<ConversationSummary> {
  await db.transaction().execute(async (trx) => {
    const c = await lockInScope(trx, change);
    await sql`update conversation set path_override = ${change.path}, updated_at = now() where id = ${c.id}`.execute(trx);
    await recordEvent(trx, {
      organisationId: change.organisationId,
      type: 'conversation.path_changed',
      conversationId: c.id,
      agentId: change.actorId,
      payload: { conversationId: c.id, path: change.path },
    });
  });
  return reload(db, change);
}

export async function tagConversation(
  db: Kysely<Schema>,
  change: ConversationChange & { add: readonly string[]; remove: readonly string[] },
): Promise<ConversationSummary> {
  await db.transaction().execute(async (trx) => {
    const c = await lockInScope(trx, change);
    const next = [...new Set([...c.tags.filter((t) => !change.remove.includes(t)), ...change.add])].sort();
    if (next.join('\u0000') === [...c.tags].sort().join('\u0000')) return;
    await sql`update conversation set tags = ${sql.val(next)}::text[], updated_at = now() where id = ${c.id}`.execute(trx);
    await recordEvent(trx, {
      organisationId: change.organisationId,
      type: 'conversation.tagged',
      conversationId: c.id,
      agentId: change.actorId,
      payload: { conversationId: c.id, tags: next },
    });
  });
  return reload(db, change);
}

export interface AddedNote {
  readonly messageId: MessageId;
  readonly sentAt: EpochMs;
  /** Agents the note mentions who can see the conversation; other handles are ignored. */
  readonly mentions: readonly AgentId[];
  readonly unknownMentions: readonly string[];
}

/** An internal note: a `note` message (never sent to the channel), plus a mention row per mentioned agent. */
export async function addNote(db: Kysely<Schema>, change: ConversationChange & { text: string }): Promise<AddedNote> {
  return db.transaction().execute(async (trx) => {
    const c = await lockInScope(trx, change);
    const author = await sql<{ email: string; name: string }>`select email, name from agent where id = ${change.actorId}::uuid`.execute(trx);
    const handles = extractMentions(change.text);
    const mentioned: AgentId[] = [];
    const unknown: string[] = [];
    if (handles.length > 0) {
      const agents = await sql<Parameters<typeof agentFromRow>[0]>`
        select a.id, a.organisation_id, a.email, a.name, a.role, a.disabled_at, a.created_at,
          coalesce((select array_agg(tm.team_id::text) from team_member tm where tm.agent_id = a.id), '{}') as team_ids
        from agent a where a.organisation_id = ${change.organisationId}::uuid and a.disabled_at is null`.execute(trx);
      for (const handle of handles) {
        const match = agents.rows.map(agentFromRow).find((a) => mentionMatches(handle, a.email));
        const actor = match && { agentId: match.id, organisationId: match.organisationId, role: match.role, teamIds: match.teamIds };
        if (match && actor && canBeAssigned(actor, c.team_id as TeamId | null)) {
          if (!mentioned.includes(match.id)) mentioned.push(match.id);
        } else unknown.push(handle);
      }
    }
    const id = randomUUID();
    // The database clock, like every other message's created_at: notes count as activity (last_message_at),
    // the same way the pipeline's recount does, which the inbox's snapshot pagination relies on.
    const inserted = await sql<{ sent_at: Date }>`insert into message (id, organisation_id, conversation_id, channel_account_id, external_id, direction, author_handle, author_name, text, is_public, sent_at)
      values (${id}, ${change.organisationId}, ${c.id}, ${c.channel_account_id}, ${`note:${id}`}, 'note', ${author.rows[0]?.email ?? 'unknown'},
        ${author.rows[0]?.name ?? null}, ${change.text}, false, now()) returning sent_at`.execute(trx);
    await sql`update conversation set message_count = message_count + 1, last_message_at = greatest(last_message_at, now()), updated_at = now()
      where id = ${c.id}`.execute(trx);
    for (const agentId of mentioned) {
      await sql`insert into mention (message_id, agent_id, conversation_id) values (${id}, ${agentId}, ${c.id})`.execute(trx);
    }
    await recordEvent(trx, {
      organisationId: change.organisationId,
      type: 'message.note_added',
      conversationId: c.id,
      agentId: change.actorId,
      payload: { conversationId: c.id, messageId: id, mentions: mentioned },
    });
    return { messageId: id as MessageId, sentAt: new Date(inserted.rows[0]!.sent_at).getTime(), mentions: mentioned, unknownMentions: unknown };
  });
}
