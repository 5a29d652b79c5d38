// Contacts as agents see them: identities on every channel and one timeline across channels, limited to the
// conversations in the agent's scope; and the two corrections of identity matching, merge and split.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { ConversationScope } from '../domain/access.js';
import { EarshotError, NotFoundError } from '../domain/errors.js';
import type { AgentId, ContactId, ConversationId, EpochMs, MessageId } from '../domain/ids.js';
import { isUuid } from './agent-store.js';
import { scopeCondition } from './conversation-scope-sql.js';
import { recordEvent } from './event-feed-store.js';
import type { Schema } from './schema.js';

export interface ContactIdentity {
  readonly id: string;
  readonly channelKind: string;
  readonly handle: string;
  readonly displayName: string | null;
  readonly followers: number | null;
  readonly verified: boolean;
}

export interface TimelineEntry {
  readonly messageId: MessageId;
  readonly conversationId: ConversationId;
  readonly channelKind: string;
  readonly direction: string;
  readonly text: string;
  readonly sentAt: EpochMs;
}

export interface ContactView {
  readonly id: ContactId;
  readonly displayName: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly createdAt: EpochMs;
  readonly identities: readonly ContactIdentity[];
  readonly conversationIds: readonly ConversationId[];
  readonly timeline: readonly TimelineEntry[];
}

/**
 * The contact (following merges) with its identities, its conversations in scope and the newest `timelineLimit`
 * messages of those. Null when absent, or when an agent sees none of its conversations (out of scope looks absent).
 */
export async function loadContact(
  db: Kysely<Schema>,
  input: { organisationId: string; scope: ConversationScope; id: string; timelineLimit: number },
): Promise<ContactView | null> {
  if (!isUuid(input.id)) return null;
  const found = await sql<{ id: string; display_name: string | null; email: string | null; phone: string | null; created_at: Date }>`
    with recursive chain as (
      select id, merged_into_id, 0 as depth from contact where id = ${input.id}::uuid and organisation_id = ${input.organisationId}::uuid
      union all select c.id, c.merged_into_id, chain.depth + 1 from contact c join chain on c.id = chain.merged_into_id where chain.depth < 20
    )
    select ct.id, ct.display_name, ct.email, ct.phone, ct.created_at from chain join contact ct on ct.id = chain.id
    where chain.merged_into_id is null`.execute(db);
  const contact = found.rows[0];
  if (!contact) return null;
  const conversations = await sql<{ id: string }>`
    select c.id from conversation c where c.contact_id = ${contact.id}::uuid and ${scopeCondition(input.scope)}
    order by c.last_message_at desc nulls last`.execute(db);
  if (conversations.rows.length === 0 && input.scope.kind !== 'all') return null;
  const identities = await sql<{ id: string; channel_kind: string; handle: string; display_name: string | null; followers: number | null; verified: boolean }>`
    select id, channel_kind, handle, display_name, followers, verified from contact_identity where contact_id = ${contact.id}::uuid order by created_at`.execute(db);
  const ids = conversations.rows.map((r) => r.id);
  const timeline =
    ids.length === 0
      ? { rows: [] }
      : await sql<{ id: string; conversation_id: string; kind: string; direction: string; text: string; sent_at: Date }>`
          select m.id, m.conversation_id, ca.kind, m.direction, m.text, m.sent_at from message m
          join channel_account ca on ca.id = m.channel_account_id
          where m.conversation_id = any(${sql.val(ids)}::uuid[]) order by m.sent_at desc, m.id limit ${input.timelineLimit}`.execute(db);
  return {
    id: contact.id as ContactId,
    displayName: contact.display_name,
    email: contact.email,
    phone: contact.phone,
    createdAt: new Date(contact.created_at).getTime(),
    identities: identities.rows.map((r) => ({
      id: r.id,
      channelKind: r.channel_kind,
      handle: r.handle,
      displayName: r.display_name,
      followers: r.followers,
      verified: r.verified,
    })),
    conversationIds: ids as ConversationId[],
    timeline: timeline.rows.map((r) => ({
      messageId: r.id as MessageId,
      conversationId: r.conversation_id as ConversationId,
      channelKind: r.kind,
      direction: r.direction,
      text: r.text,
      sentAt: new Date(r.sent_at).getTime(),
    })),
  };
}

async function requireVisibleContact(db: Kysely<Schema>, organisationId: string, scope: ConversationScope, id: string): Promise<void> {
  const view = await loadContact(db, { organisationId, scope, id, timelineLimit: 0 });
  if (!view || view.id !== id) throw new NotFoundError('CONTACT_NOT_FOUND', `contact ${id} does not exist, was merged, or is not in your teams`);
}

/** Moves every identity and conversation of `fromId` to `intoId` and marks `fromId` merged. */
export async function mergeContacts(
  db: Kysely<Schema>,
  input: { organisationId: string; scope: ConversationScope; actorId: AgentId; fromId: string; intoId: string },
): Promise<void> {
  if (input.fromId === input.intoId) throw new EarshotError('CONTACT_MERGE_INVALID', 'fromId and intoId: a contact cannot be merged into itself');
  await requireVisibleContact(db, input.organisationId, input.scope, input.fromId);
  await requireVisibleContact(db, input.organisationId, input.scope, input.intoId);
  await db.transaction().execute((trx) => mergeContactsIn(trx, input));
}

/** The merge itself, inside the caller's transaction (a completed handoff merges as it records the details). */
export async function mergeContactsIn(
  trx: Transaction<Schema>,
  input: { organisationId: string; actorId: AgentId | null; fromId: string; intoId: string },
): Promise<void> {
  await sql`update contact_identity set contact_id = ${input.intoId}::uuid where contact_id = ${input.fromId}::uuid`.execute(trx);
  const moved = await sql<{ id: string }>`update conversation set contact_id = ${input.intoId}::uuid, updated_at = now()
    where contact_id = ${input.fromId}::uuid returning id`.execute(trx);
  await sql`update contact t set email = coalesce(t.email, f.email), phone = coalesce(t.phone, f.phone),
      display_name = coalesce(t.display_name, f.display_name), updated_at = now()
    from contact f where t.id = ${input.intoId}::uuid and f.id = ${input.fromId}::uuid`.execute(trx);
  await sql`update contact set merged_into_id = ${input.intoId}::uuid, updated_at = now() where id = ${input.fromId}::uuid`.execute(trx);
  await recordEvent(trx, {
    organisationId: input.organisationId,
    type: 'contact.merged',
    conversationId: null,
    agentId: input.actorId,
    payload: { fromId: input.fromId, intoId: input.intoId, updated: moved.rows.map((r) => r.id) },
  });
}

/** Moves one identity, and the conversations it wrote in, out to a new contact; returns the new contact's id. */
export async function splitContactIdentity(
  db: Kysely<Schema>,
  input: { organisationId: string; scope: ConversationScope; actorId: AgentId; contactId: string; identityId: string },
): Promise<ContactId> {
  await requireVisibleContact(db, input.organisationId, input.scope, input.contactId);
  return db.transaction().execute(async (trx) => {
    const identity = isUuid(input.identityId)
      ? await sql<{ display_name: string | null; n: number }>`
          select display_name, (select count(*)::int from contact_identity where contact_id = ${input.contactId}::uuid) as n
          from contact_identity where id = ${input.identityId}::uuid and contact_id = ${input.contactId}::uuid for update`.execute(trx)
      : { rows: [] };
    const row = identity.rows[0];
    if (!row) throw new NotFoundError('CONTACT_NOT_FOUND', `identityId: identity ${input.identityId} is not one of contact ${input.contactId}'s`);
    if (row.n < 2) throw new EarshotError('CONTACT_MERGE_INVALID', 'identityId: the contact has only this identity; nothing to split');
    const created = await sql<{ id: string }>`insert into contact (organisation_id, display_name) values (${input.organisationId}::uuid, ${row.display_name}) returning id`.execute(trx);
    const newId = created.rows[0]!.id;
    await sql`update contact_identity set contact_id = ${newId}::uuid where id = ${input.identityId}::uuid`.execute(trx);
    const moved = await sql<{ id: string }>`update conversation c set contact_id = ${newId}::uuid, updated_at = now()
      where c.contact_id = ${input.contactId}::uuid
        and exists (select 1 from message m where m.conversation_id = c.id and m.author_identity_id = ${input.identityId}::uuid)
      returning c.id`.execute(trx);
    await recordEvent(trx, {
      organisationId: input.organisationId,
      type: 'contact.split',
      conversationId: null,
      agentId: input.actorId,
      payload: { fromId: input.contactId, newId, identityId: input.identityId, updated: moved.rows.map((r) => r.id) },
    });
    return newId as ContactId;
  });
}
