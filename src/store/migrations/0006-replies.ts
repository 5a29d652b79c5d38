// Replies: saved templates per language, and public replies waiting for a lead's approval (kept after the
// decision, with who decided, why, and the message it became).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table reply_template (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      name text not null,
      language text not null,
      body text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organisation_id, name, language)
    );

    create table reply_approval (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      conversation_id uuid not null references conversation(id) on delete cascade,
      author_agent_id uuid not null references agent(id),
      text text not null,
      reasons text[] not null,
      status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
      decided_by uuid references agent(id),
      decision_reason text,
      message_id uuid references message(id),
      created_at timestamptz not null default now(),
      decided_at timestamptz
    );
    create index reply_approval_pending on reply_approval (organisation_id, created_at) where status = 'pending';
    create index reply_approval_conversation on reply_approval (conversation_id);
  `.execute(db);
}
