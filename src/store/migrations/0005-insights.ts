// Insights: reopen and first-resolution facts kept on each conversation (resolved_at is cleared on reopen, so
// without them reopen rate and first-contact resolution cannot be measured), spike and crisis alerts, and
// outbound webhook subscriptions with their delivery log.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table conversation add column reopen_count integer not null default 0;
    alter table conversation add column first_resolved_at timestamptz;

    -- A trigger rather than code in every writer: ingest (a customer writes after resolution), the API and the
    -- workflow all move status, and each of them would have to remember this.
    create function conversation_outcome() returns trigger language plpgsql as $fn$
    begin
      if new.status in ('resolved', 'closed') and old.status not in ('resolved', 'closed') then
        new.first_resolved_at := coalesce(old.first_resolved_at, new.resolved_at, now());
      elsif old.status in ('resolved', 'closed') and new.status not in ('resolved', 'closed') then
        new.reopen_count := old.reopen_count + 1;
      end if;
      return new;
    end
    $fn$;
    create trigger conversation_outcome before update of status on conversation
      for each row execute function conversation_outcome();
    update conversation set first_resolved_at = resolved_at where resolved_at is not null;

    -- One row per spike: the dedupe key (kind, subject, first hour) is unique, so a detector run twice raises it once.
    create table alert (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      kind text not null check (kind in ('volume', 'negative-share', 'influencer')),
      subject_kind text not null check (subject_kind in ('account', 'intent', 'crisis-term', 'tag', 'author')),
      subject text not null,
      started_at timestamptz not null,
      dedupe_key text not null,
      observed double precision not null,
      expected double precision not null,
      reason text not null,
      example_message_ids uuid[] not null default '{}',
      inbox_path text not null,
      created_at timestamptz not null default now(),
      acknowledged_at timestamptz,
      acknowledged_by uuid references agent(id),
      unique (organisation_id, dedupe_key)
    );
    create index alert_recent on alert (organisation_id, created_at desc);

    create table webhook_subscription (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      url text not null,
      events text[] not null,
      description text,
      -- AES-256-GCM with the data-dir key: the secret must be readable to sign, so it cannot be hashed.
      secret bytea not null,
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    );

    create table webhook_delivery (
      id bigserial primary key,
      subscription_id uuid not null references webhook_subscription(id) on delete cascade,
      event_id text not null,
      event_type text not null,
      payload jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_status integer,
      last_error text,
      created_at timestamptz not null default now(),
      delivered_at timestamptz,
      unique (subscription_id, event_id)
    );
    create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'pending';
    create index webhook_delivery_log on webhook_delivery (subscription_id, id desc);
  `.execute(db);
}
