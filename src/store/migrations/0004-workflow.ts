// Workflow: routing rules and SLA policies per organisation, business hours per team, assignment per queue, agent
// availability/capacity/skills, contact attributes (customer value), and on each conversation what the workflow
// step decided and why (route, fair-queue need, suggested path, SLA clocks, the earlier contact a vent refers to).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table agent add column availability text not null default 'offline' check (availability in ('online', 'away', 'offline'));
    alter table agent add column capacity integer not null default 8 check (capacity >= 0);
    alter table agent add column skills text[] not null default '{}';
    alter table agent add column languages text[] not null default '{}';
    alter table agent add column in_training boolean not null default false;
    alter table agent add column signature text;

    -- null: open around the clock.
    alter table team add column business_hours jsonb;

    alter table queue add column assignment text not null default 'manual' check (assignment in ('manual', 'round-robin', 'least-loaded'));
    alter table queue add column skill text;

    alter table contact add column attributes jsonb not null default '{}';

    -- Set by every ingest write and by due SLA checks; the workflow step clears it. Rows that existed before this
    -- migration were never routed and stay as they are.
    alter table conversation add column workflow_pending boolean not null default false;
    alter table conversation alter column workflow_pending set default true;
    alter table conversation add column routed_at timestamptz;
    alter table conversation add column routing_reasons text[] not null default '{}';
    alter table conversation add column need_reasons text[] not null default '{}';
    alter table conversation add column path text;
    alter table conversation add column path_reasons text[] not null default '{}';
    alter table conversation add column path_override text;
    alter table conversation add column sla_policy_id uuid;
    alter table conversation add column sla_clocks jsonb not null default '[]';
    alter table conversation add column sla_next_check_at timestamptz;
    alter table conversation add column vent_of_conversation_id uuid references conversation(id) on delete set null;
    alter table agent add column last_assigned_at timestamptz;
    create index conversation_workflow_pending on conversation (created_at, id) where workflow_pending;
    create index conversation_sla_check on conversation (sla_next_check_at) where sla_next_check_at is not null;
    create index conversation_assignee_open on conversation (assignee_id) where assignee_id is not null and status in ('new', 'open', 'pending');

    create table routing_rule (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      position integer not null,
      rule jsonb not null,
      created_at timestamptz not null default now()
    );
    create index routing_rule_org on routing_rule (organisation_id, position);

    create table sla_policy (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      position integer not null,
      policy jsonb not null,
      created_at timestamptz not null default now()
    );
    create index sla_policy_org on sla_policy (organisation_id, position);
  `.execute(db);
}
