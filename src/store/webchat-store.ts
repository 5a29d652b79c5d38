// Web chat transcripts: each frame gets a per-visitor increasing `seq` (PROTOCOLS.md §11). A per-visitor advisory
// lock makes frames commit in seq order, so a reader that has seen seq N never later finds a frame below N.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { ChannelAccountId, OrganisationId } from '../domain/ids.js';
import { toPgJson } from './pg-json.js';
import type { Schema } from './schema.js';

export interface ChatFrame {
  readonly seq: number;
  readonly clientMsgId: string;
  readonly direction: 'inbound' | 'outbound';
  readonly body: string;
  readonly authorName: string | null;
  readonly ts: number;
}

async function lockVisitor(trx: Transaction<Schema>, channelAccountId: string, visitorId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`webchat:${channelAccountId}:${visitorId}`}, 0))`.execute(trx);
}

async function insertFrame(
  trx: Transaction<Schema>,
  f: { channelAccountId: string; visitorId: string; clientMsgId: string; direction: 'inbound' | 'outbound'; body: string; authorName: string | null },
): Promise<{ seq: number; duplicate: boolean }> {
  await lockVisitor(trx, f.channelAccountId, f.visitorId);
  const inserted = await sql<{ id: string }>`
    insert into webchat_frame (channel_account_id, visitor_id, client_msg_id, direction, body, author_name)
    values (${f.channelAccountId}, ${f.visitorId}, ${f.clientMsgId}, ${f.direction}, ${f.body}, ${f.authorName})
    on conflict (channel_account_id, visitor_id, client_msg_id) do nothing returning id`.execute(trx);
  if (inserted.rows[0]) return { seq: Number(inserted.rows[0].id), duplicate: false };
  const existing = await sql<{ id: string }>`
    select id from webchat_frame where channel_account_id = ${f.channelAccountId} and visitor_id = ${f.visitorId} and client_msg_id = ${f.clientMsgId}`.execute(trx);
  return { seq: Number(existing.rows[0]!.id), duplicate: true };
}

/**
 * A visitor's message: its transcript frame and the raw inbound row for the pipeline, in one transaction. A
 * resent clientMsgId returns the first seq and stores nothing.
 */
export async function storeVisitorMessage(
  db: Kysely<Schema>,
  input: {
    readonly organisationId: OrganisationId;
    readonly channelAccountId: ChannelAccountId;
    readonly visitorId: string;
    readonly clientMsgId: string;
    readonly body: string;
    readonly authorName: string | null;
    /** The frame as the pipeline will parse it (channels/webchat StoredChatFrame). */
    readonly rawPayload: unknown;
  },
): Promise<{ readonly seq: number; readonly duplicate: boolean }> {
  return db.transaction().execute(async (trx) => {
    const frame = await insertFrame(trx, { ...input, direction: 'inbound' });
    if (!frame.duplicate) {
      await sql`
        insert into raw_inbound (organisation_id, channel_account_id, source, dedupe_key, payload)
        values (${input.organisationId}, ${input.channelAccountId}, 'webchat', ${`${input.visitorId}:${input.clientMsgId}`}, ${toPgJson(input.rawPayload)}::jsonb)
        on conflict (channel_account_id, dedupe_key) where dedupe_key is not null do nothing`.execute(trx);
    }
    return frame;
  });
}

/** An agent's reply handed to the chat transport; the idempotency key makes a resend return the same frame. */
export async function storeAgentFrame(
  db: Kysely<Schema>,
  input: { readonly channelAccountId: ChannelAccountId; readonly visitorId: string; readonly idempotencyKey: string; readonly body: string; readonly authorName: string | null },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const frame = await insertFrame(trx, { ...input, clientMsgId: input.idempotencyKey, direction: 'outbound' });
    await sql`select pg_notify('earshot_webchat', ${`${input.channelAccountId}:${input.visitorId}`})`.execute(trx);
    return frame.seq;
  });
}

export async function readChatFrames(
  db: Kysely<Schema>,
  input: { readonly channelAccountId: ChannelAccountId; readonly visitorId: string; readonly afterSeq: number; readonly limit: number },
): Promise<readonly ChatFrame[]> {
  const rows = await sql<{ id: string; client_msg_id: string; direction: 'inbound' | 'outbound'; body: string; author_name: string | null; created_at: Date }>`
    select id, client_msg_id, direction, body, author_name, created_at from webchat_frame
    where channel_account_id = ${input.channelAccountId} and visitor_id = ${input.visitorId} and id > ${input.afterSeq}
    order by id limit ${input.limit}`.execute(db);
  return rows.rows.map((r) => ({
    seq: Number(r.id),
    clientMsgId: r.client_msg_id,
    direction: r.direction,
    body: r.body,
    authorName: r.author_name,
    ts: new Date(r.created_at).getTime(),
  }));
}
