// The whole domain vocabulary of DESIGN.md §4 as tables. Later migrations add columns; this one never changes.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table organisation (
      id uuid primary key default gen_random_uuid(),
      name text not null unique,
      created_at timestamptz not null default now()
    );

    create table team (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      name text not null,
      created_at timestamptz not null default now(),
      unique (organisation_id, name)
    );

    create table agent (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      email text not null,
      name text not null,
      role text not null check (role in ('admin', 'lead', 'agent', 'viewer')),
      password_hash text,
      created_at timestamptz not null default now(),
      unique (organisation_id, email)
    );

    create table team_member (
      team_id uuid not null references team(id) on delete cascade,
      agent_id uuid not null references agent(id) on delete cascade,
      primary key (team_id, agent_id)
    );

    create table queue (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      team_id uuid references team(id),
      name text not null,
      is_default boolean not null default false,
      created_at timestamptz not null default now(),
      unique (organisation_id, name)
    );
    create unique index queue_one_default on queue (organisation_id) where is_default;

    -- kind is checked by the application, not a constraint, so a new channel needs no migration (STYLE.md §11).
    create table channel_account (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      kind text not null,
      name text not null,
      settings jsonb not null default '{}',
      secrets bytea,
      poll_cursor text,
      created_at timestamptz not null default now(),
      unique (organisation_id, name)
    );

    create table contact (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      display_name text,
      email text,
      phone text,
      merged_into_id uuid references contact(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index contact_email on contact (organisation_id, email) where email is not null;
    create index contact_phone on contact (organisation_id, phone) where phone is not null;

    -- Identities are inserted before their contact in one transaction (the winner of a race creates the contact),
    -- hence the deferred foreign key.
    create table contact_identity (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      contact_id uuid not null references contact(id) deferrable initially deferred,
      channel_kind text not null,
      handle text not null,
      display_name text,
      followers integer,
      verified boolean not null default false,
      created_at timestamptz not null default now(),
      unique (organisation_id, channel_kind, handle)
    );
    create index contact_identity_contact on contact_identity (contact_id);

    create table conversation (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      channel_account_id uuid not null references channel_account(id),
      contact_id uuid references contact(id),
      queue_id uuid references queue(id),
      assignee_id uuid references agent(id),
      status text not null default 'new'
        check (status in ('new', 'open', 'pending', 'snoozed', 'resolved', 'closed')),
      priority integer not null default 0,
      is_public boolean not null default false,
      language text,
      sentiment text,
      tags text[] not null default '{}',
      message_count integer not null default 0,
      first_inbound_at timestamptz,
      first_response_at timestamptz,
      last_message_at timestamptz,
      resolved_at timestamptz,
      sla_due_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index conversation_inbox on conversation (organisation_id, status, priority desc, last_message_at desc);
    create index conversation_last on conversation (organisation_id, last_message_at desc, id);
    create index conversation_contact on conversation (contact_id);
    create index conversation_account on conversation (channel_account_id);

    -- Maps a channel's ids (message ids, awaited parent ids, DM/email thread keys) to the conversation they
    -- belong to, so replies that arrive before their parent still land in one conversation.
    create table thread_link (
      channel_account_id uuid not null references channel_account(id),
      key text not null,
      conversation_id uuid not null references conversation(id) on delete cascade,
      primary key (channel_account_id, key)
    );
    create index thread_link_conversation on thread_link (conversation_id);

    -- What arrived, exactly as it arrived, committed before anything acknowledges it.
    create table raw_inbound (
      id bigserial primary key,
      organisation_id uuid not null,
      channel_account_id uuid not null references channel_account(id),
      source text not null,
      dedupe_key text,
      payload jsonb not null,
      received_at timestamptz not null default now(),
      status text not null default 'pending' check (status in ('pending', 'done', 'dead')),
      attempts integer not null default 0,
      processed_at timestamptz,
      processed_by text,
      dead_reason text
    );
    create unique index raw_inbound_dedupe on raw_inbound (channel_account_id, dedupe_key) where dedupe_key is not null;
    create index raw_inbound_pending on raw_inbound (channel_account_id, id) where status = 'pending';

    -- High-volume rows copy organisation_id from their conversation/channel account and raw_inbound_id from the
    -- row being processed; no foreign key re-checks those per row (bench/ingest: each FK is an index probe).
    create table message (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null,
      conversation_id uuid not null references conversation(id),
      channel_account_id uuid not null references channel_account(id),
      external_id text not null,
      in_reply_to_external_id text,
      direction text not null check (direction in ('inbound', 'outbound', 'note')),
      author_identity_id uuid references contact_identity(id),
      author_handle text not null,
      author_name text,
      text text not null,
      is_public boolean not null default false,
      sent_at timestamptz not null,
      created_at timestamptz not null default now(),
      raw_inbound_id bigint,
      language text,
      sentiment text,
      priority integer,
      triage jsonb,
      triage_version text,
      search tsvector generated always as (to_tsvector('simple', text)) stored,
      unique (channel_account_id, external_id)
    );
    create index message_conversation on message (conversation_id, sent_at);
    create index message_search on message using gin (search);

    create table job (
      id bigserial primary key,
      queue text not null,
      payload jsonb not null default '{}',
      dedupe_key text unique,
      status text not null default 'pending' check (status in ('pending', 'running', 'done', 'failed')),
      run_at timestamptz not null default now(),
      attempts integer not null default 0,
      max_attempts integer not null default 5,
      locked_by text,
      locked_at timestamptz,
      last_error text,
      created_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index job_ready on job (queue, run_at) where status = 'pending';

    create table event (
      id bigserial primary key,
      organisation_id uuid not null,
      type text not null,
      conversation_id uuid,
      agent_id uuid,
      payload jsonb not null default '{}',
      created_at timestamptz not null default now()
    );
    create index event_conversation on event (conversation_id, id);

    create table outbox_item (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      channel_account_id uuid references channel_account(id),
      conversation_id uuid references conversation(id),
      message_id uuid references message(id),
      kind text not null,
      payload jsonb not null,
      idempotency_key text not null unique,
      status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'delivered', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz
    );
    create index outbox_ready on outbox_item (next_attempt_at) where status in ('queued', 'sending');
  `.execute(db);
}
