// Accounts and the HTTP API: login lock-out on agents, sessions, API tokens, the one-time first-admin setup
// link, note mentions, presence, per-organisation settings, and the indexes the inbox list sorts on.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table agent add column failed_logins integer not null default 0;
    alter table agent add column locked_until timestamptz;
    alter table agent add column disabled_at timestamptz;

    alter table organisation add column settings jsonb not null default '{}';

    -- Only hashes are stored: a leaked table cannot be replayed as cookies or tokens.
    create table session (
      token_hash text primary key,
      agent_id uuid not null references agent(id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null
    );
    create index session_agent on session (agent_id);

    create table api_token (
      id uuid primary key default gen_random_uuid(),
      agent_id uuid not null references agent(id) on delete cascade,
      name text not null,
      scope text not null check (scope in ('read', 'write')),
      token_hash text not null unique,
      prefix text not null,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    create index api_token_agent on api_token (agent_id);

    create table setup_token (
      token_hash text primary key,
      organisation_id uuid not null references organisation(id),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    );

    create table mention (
      message_id uuid not null references message(id) on delete cascade,
      agent_id uuid not null references agent(id) on delete cascade,
      conversation_id uuid not null references conversation(id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (message_id, agent_id)
    );
    create index mention_agent on mention (agent_id, created_at desc);

    create table presence (
      conversation_id uuid not null references conversation(id) on delete cascade,
      agent_id uuid not null references agent(id) on delete cascade,
      state text not null check (state in ('viewing', 'typing')),
      expires_at timestamptz not null,
      primary key (conversation_id, agent_id)
    );

    -- Inbox sorts (priority, SLA due) and the snapshot pagination's "changed since" probe.
    create index conversation_priority on conversation (organisation_id, priority desc, id desc);
    create index conversation_sla on conversation (organisation_id, sla_due_at, id) where sla_due_at is not null;
    create index conversation_updated on conversation (organisation_id, updated_at);
    create index conversation_queue on conversation (queue_id, last_message_at desc, id);
    create index event_organisation on event (organisation_id, id);
  `.execute(db);
}
