// What earshot owes channels: an agent reply is an outbound message and its outbox item, written in one
// transaction; workers claim items with SKIP LOCKED, and delivery status only ever moves forward.
import { sql, type Kysely, type Transaction } from 'kysely';
import { transitionStatus, type ConversationStatus } from '../domain/conversation-status.js';
import { InputError, NotFoundError } from '../domain/errors.js';
import type { AgentId, ChannelAccountId, ConversationId, EpochMs, MessageId, OrganisationId } from '../domain/ids.js';
import type { ConversationScope } from '../domain/access.js';
import { scopeCondition } from './conversation-scope-sql.js';
import { toPgJson } from './pg-json.js';
import type { Schema } from './schema.js';

export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** Order of delivery states: a report only moves an item forward, so late or reordered receipts change nothing. */
// `expr` is a column name or one of the literal statuses above, never user input.
const rank = (expr: string) => sql.raw(`(case ${expr} when 'queued' then 0 when 'sending' then 1 when 'sent' then 2 else 3 end)`);

export interface QueueReplyInput {
  readonly conversationId: ConversationId;
  readonly authorAgentId: AgentId | null;
  readonly text: string;
  /** The agent's view: a conversation outside it is "not found", as everywhere else in the API. */
  readonly scope?: ConversationScope;
  /**
   * Checked under the conversation's lock, so the answer cannot change between the check and the write: the
   * channel's limits for this reply (length, messaging window after the customer's last message).
   */
  readonly check?: (target: ReplyTarget) => void;
  /**
   * Sent by the desk itself (an out-of-hours acknowledgement): it is not an answer, so it neither stops the
   * first-response clock nor moves the conversation to pending.
   */
  readonly automatic?: boolean;
}

/** What a reply's channel rules need to know about the conversation it answers. */
export interface ReplyTarget {
  readonly channelAccountId: ChannelAccountId;
  readonly channelKind: string;
  /** The customer's newest message; null when they never wrote. */
  readonly lastInboundAt: EpochMs | null;
}

export interface QueuedReply {
  readonly messageId: MessageId;
  readonly outboxItemId: string;
  readonly channelAccountId: ChannelAccountId;
  readonly organisationId: OrganisationId;
}

/** Author of messages the desk sends on its own; they never count as an agent's answer. */
export const AUTOMATIC_AUTHOR = 'desk:auto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Records an agent's reply: the outbound message (shown at once, status `queued`), the outbox item that will send
 * it, and the conversation's answer timing and status — all or nothing. Replies go to the customer of the newest
 * inbound message and answer it (reply threading).
 */
export async function queueReply(db: Kysely<Schema>, input: QueueReplyInput): Promise<QueuedReply> {
  return db.transaction().execute((trx) => queueReplyIn(trx, input));
}

/** queueReply inside the caller's transaction (an approval decided and sent as one). */
export async function queueReplyIn(trx: Transaction<Schema>, input: QueueReplyInput): Promise<QueuedReply> {
  if (!UUID.test(input.conversationId)) throw new NotFoundError('CONVERSATION_NOT_FOUND', `conversation ${input.conversationId} does not exist`);
  const conv = await sql<{ organisation_id: string; channel_account_id: string; kind: string; status: ConversationStatus; is_public: boolean }>`
    select c.organisation_id, c.channel_account_id, a.kind, c.status, c.is_public
    from conversation c join channel_account a on a.id = c.channel_account_id
    where c.id = ${input.conversationId} and ${input.scope ? scopeCondition(input.scope) : sql`true`} for update of c`.execute(trx);
  const c = conv.rows[0];
  if (!c) throw new NotFoundError('CONVERSATION_NOT_FOUND', `conversation ${input.conversationId} does not exist${input.scope ? ' or is not in your teams' : ''}`);
  const latest = await sql<{ external_id: string; author_handle: string; sent_at: Date }>`
    select external_id, author_handle, sent_at from message where conversation_id = ${input.conversationId} and direction = 'inbound'
    order by sent_at desc, created_at desc limit 1`.execute(trx);
  const parent = latest.rows[0];
  input.check?.({
    channelAccountId: c.channel_account_id as ChannelAccountId,
    channelKind: c.kind,
    lastInboundAt: parent ? (parent.sent_at.getTime() as EpochMs) : null,
  });
  if (!parent) throw new InputError('OUTBOX_NO_RECIPIENT', `conversation ${input.conversationId} has no customer message to answer`);
  let authorHandle = input.automatic ? AUTOMATIC_AUTHOR : 'desk';
  let authorName: string | null = null;
  if (input.authorAgentId !== null) {
    const agent = await sql<{ name: string }>`select name from agent where id = ${input.authorAgentId}`.execute(trx);
    authorHandle = `agent:${input.authorAgentId}`;
    authorName = agent.rows[0]?.name ?? null;
  }
  const outboxItemId = crypto.randomUUID();
  const messageId = crypto.randomUUID();
  // The provider's id replaces this placeholder once sent, so customer replies to it thread here.
  await sql`
    insert into message (id, organisation_id, conversation_id, channel_account_id, external_id, in_reply_to_external_id,
      direction, author_handle, author_name, text, is_public, sent_at)
    values (${messageId}, ${c.organisation_id}, ${input.conversationId}, ${c.channel_account_id}, ${`outbox:${outboxItemId}`},
      ${parent.external_id}, 'outbound', ${authorHandle}, ${authorName}, ${input.text}, ${c.is_public}, now())`.execute(trx);
  await sql`
    insert into outbox_item (id, organisation_id, channel_account_id, conversation_id, message_id, kind, payload, idempotency_key)
    values (${outboxItemId}, ${c.organisation_id}, ${c.channel_account_id}, ${input.conversationId}, ${messageId}, 'reply',
      ${toPgJson({ to: parent.author_handle, text: input.text, inReplyToExternalId: parent.external_id })}::jsonb, ${`reply:${outboxItemId}`})`.execute(trx);
  const status = !input.automatic && (c.status === 'new' || c.status === 'open') ? transitionStatus(c.status, 'pending') : c.status;
  await sql`
    update conversation set message_count = message_count + 1, last_message_at = greatest(last_message_at, now()),
      first_response_at = case when ${input.automatic ?? false} then first_response_at
        else coalesce(first_response_at, case when first_inbound_at is not null then now() end) end,
      status = ${status}, updated_at = now(), workflow_pending = true
    where id = ${input.conversationId}`.execute(trx);
  await sql`insert into event (organisation_id, type, conversation_id, agent_id, payload)
    values (${c.organisation_id}, 'message.queued', ${input.conversationId}, ${input.authorAgentId}, ${toPgJson({ messageId })}::jsonb)`.execute(trx);
  await sql`select pg_notify('earshot_outbox', '')`.execute(trx);
  return {
    messageId: messageId as MessageId,
    outboxItemId,
    channelAccountId: c.channel_account_id as ChannelAccountId,
    organisationId: c.organisation_id as OrganisationId,
  };
}

export interface ClaimedOutboxItem {
  readonly id: string;
  readonly channelAccountId: ChannelAccountId;
  readonly messageId: MessageId | null;
  readonly idempotencyKey: string;
  readonly payload: unknown;
  /** Including this one. */
  readonly attempts: number;
  readonly createdAt: EpochMs;
  /** The previous attempt's error; an ambiguous one (timeout) means it may have been sent. */
  readonly lastError: string | null;
}

/**
 * Claims due items and marks them `sending` with a lease: a worker that dies mid-send leaves the item to be
 * claimed again when the lease ends — and, having attempts > 1, looked up before it is resent.
 */
export async function claimOutboxItems(db: Kysely<Schema>, options: { readonly limit: number; readonly leaseMs: number }): Promise<ClaimedOutboxItem[]> {
  const rows = await sql<{
    id: string;
    channel_account_id: string;
    message_id: string | null;
    idempotency_key: string;
    payload: unknown;
    attempts: number;
    created_at: Date;
    last_error: string | null;
  }>`
    update outbox_item o set status = 'sending', attempts = o.attempts + 1,
      next_attempt_at = now() + ${options.leaseMs} * interval '1 millisecond'
    from (select id from outbox_item where status in ('queued', 'sending') and next_attempt_at <= now() and kind = 'reply'
          order by next_attempt_at limit ${options.limit} for update skip locked) due
    where o.id = due.id
    returning o.id, o.channel_account_id, o.message_id, o.idempotency_key, o.payload, o.attempts, o.created_at, o.last_error`.execute(db);
  return rows.rows.map((r) => ({
    id: r.id,
    channelAccountId: r.channel_account_id as ChannelAccountId,
    messageId: r.message_id as MessageId | null,
    idempotencyKey: r.idempotency_key,
    payload: r.payload,
    attempts: r.attempts,
    createdAt: new Date(r.created_at).getTime(),
    lastError: r.last_error,
  }));
}

/** The provider accepted it: record its id on the message (threading, receipts) and move the status forward. */
export async function markOutboxSent(db: Kysely<Schema>, input: { readonly id: string; readonly externalId: string; readonly status: 'sent' | 'delivered' }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const item = await sql<{ message_id: string | null; channel_account_id: string }>`
      update outbox_item set status = case when ${rank('status')} < ${rank(`'${input.status}'`)} then ${input.status} else status end,
        sent_at = coalesce(sent_at, now()), last_error = null, next_attempt_at = now()
      where id = ${input.id} returning message_id, channel_account_id`.execute(trx);
    const row = item.rows[0];
    if (!row?.message_id) return;
    await sql`
      update message set external_id = ${input.externalId}
      where id = ${row.message_id} and not exists (
        select 1 from message m where m.channel_account_id = ${row.channel_account_id} and m.external_id = ${input.externalId})`.execute(trx);
  });
}

export async function rescheduleOutboxItem(db: Kysely<Schema>, input: { readonly id: string; readonly delayMs: number; readonly error: string }): Promise<void> {
  await sql`
    update outbox_item set status = 'queued', next_attempt_at = now() + ${input.delayMs} * interval '1 millisecond', last_error = ${input.error.slice(0, 2000)}
    where id = ${input.id} and status = 'sending'`.execute(db);
}

export async function failOutboxItem(db: Kysely<Schema>, input: { readonly id: string; readonly reason: string }): Promise<void> {
  await sql`update outbox_item set status = 'failed', last_error = ${input.reason.slice(0, 2000)} where id = ${input.id} and status in ('queued', 'sending')`.execute(db);
}

export interface DeliveryReport {
  readonly externalId: string;
  readonly status: 'sent' | 'delivered' | 'failed';
  readonly reason?: string;
}

/**
 * Applies provider receipts to the outbox items of the messages they name, forward only. Returns the external ids
 * that matched no message (a receipt can beat the send's own answer; the caller retries those later).
 */
export async function applyDeliveryReports(
  db: Kysely<Schema>,
  channelAccountId: ChannelAccountId,
  reports: readonly DeliveryReport[],
): Promise<{ readonly unmatched: readonly string[] }> {
  if (reports.length === 0) return { unmatched: [] };
  const ids = reports.map((r) => r.externalId);
  const known = await sql<{ external_id: string }>`
    select external_id from message where channel_account_id = ${channelAccountId} and external_id = any(${sql.val(ids)}::text[])`.execute(db);
  await sql`
    update outbox_item o set status = v.status, last_error = case when v.status = 'failed' then v.reason else o.last_error end
    from message m, jsonb_to_recordset(${toPgJson(reports.map((r) => ({ e: r.externalId, status: r.status, reason: r.reason ?? null })))}::jsonb)
      as v(e text, status text, reason text)
    where m.channel_account_id = ${channelAccountId} and m.external_id = v.e and o.message_id = m.id
      and ${rank('o.status')} < ${rank('v.status')} and o.status <> 'failed'`.execute(db);
  const found = new Set(known.rows.map((r) => r.external_id));
  return { unmatched: ids.filter((id) => !found.has(id)) };
}

export interface MessageDelivery {
  readonly status: OutboxStatus;
  readonly reason: string | null;
  readonly attempts: number;
}

/** Delivery status per outbound message, for showing it on the message (API, web app). */
export async function deliveryStatuses(db: Kysely<Schema>, messageIds: readonly MessageId[]): Promise<ReadonlyMap<MessageId, MessageDelivery>> {
  if (messageIds.length === 0) return new Map();
  const rows = await sql<{ message_id: string; status: OutboxStatus; last_error: string | null; attempts: number }>`
    select message_id, status, last_error, attempts from outbox_item where message_id = any(${sql.val(messageIds)}::uuid[])`.execute(db);
  return new Map(rows.rows.map((r) => [r.message_id as MessageId, { status: r.status, reason: r.status === 'failed' ? r.last_error : null, attempts: r.attempts }]));
}
