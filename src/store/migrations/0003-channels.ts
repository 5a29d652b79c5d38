// Web chat transcripts with a per-visitor sequence (PROTOCOLS.md §11: clientMsgId dedupe, replay after lastSeq),
// and the index delivery receipts use to find the outbox item of a sent message.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table webchat_frame (
      id bigserial primary key,
      channel_account_id uuid not null references channel_account(id),
      visitor_id text not null,
      client_msg_id text not null,
      direction text not null check (direction in ('inbound', 'outbound')),
      body text not null,
      author_name text,
      created_at timestamptz not null default now(),
      unique (channel_account_id, visitor_id, client_msg_id)
    );
    create index webchat_frame_visitor on webchat_frame (channel_account_id, visitor_id, id);
    create index outbox_item_message on outbox_item (message_id);
  `.execute(db);
}
