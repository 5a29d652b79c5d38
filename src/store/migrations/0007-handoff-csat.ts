// Private handoff links (single use, expiring) and CSAT surveys (one answer each). The links themselves are
// signed by the server; these rows make them single-use and let a lead see what was offered and answered.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table handoff_link (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      conversation_id uuid not null references conversation(id) on delete cascade,
      created_by uuid references agent(id),
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index handoff_link_conversation on handoff_link (conversation_id);

    create table csat_survey (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      conversation_id uuid not null references conversation(id) on delete cascade,
      expires_at timestamptz not null,
      rating integer check (rating between 1 and 5),
      comment text,
      answered_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index csat_survey_conversation on csat_survey (conversation_id);
    create index csat_survey_answered on csat_survey (organisation_id, answered_at) where answered_at is not null;

    alter table conversation add column snoozed_until timestamptz;
    create index conversation_snoozed on conversation (snoozed_until) where snoozed_until is not null;
  `.execute(db);
}
