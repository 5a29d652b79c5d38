// Outcomes per channel for conversations started in a period: resolved, reopened, resolved at first contact, and
// vents (public posts preceded by an ignored contact elsewhere, flagged by the workflow step).
import { sql, type Kysely } from 'kysely';
import type { ConversationScope } from '../domain/access.js';
import { scopeCondition } from './conversation-scope-sql.js';
import type { Schema } from './schema.js';

export interface OutcomeCounts {
  readonly channel: string;
  readonly conversations: number;
  /** Resolved at least once (first_resolved_at), whatever happened after. */
  readonly resolved: number;
  readonly reopened: number;
  /** Resolved, never reopened, and the contact started no other conversation within `fcrWindowMs` after. */
  readonly resolvedAtFirstContact: number;
  readonly publicConversations: number;
  readonly vents: number;
}

export interface OutcomeQuery {
  readonly since: Date;
  readonly until: Date;
  readonly fcrWindowMs: number;
  readonly scope?: ConversationScope;
}

export async function readOutcomes(db: Kysely<Schema>, query: OutcomeQuery): Promise<readonly OutcomeCounts[]> {
  const scope = scopeCondition(query.scope ?? { kind: 'all' });
  const rows = await sql<{ channel: string; n: number; resolved: number; reopened: number; fcr: number; public: number; vents: number }>`
    select a.kind as channel, count(*)::int as n,
      count(c.first_resolved_at)::int as resolved,
      count(*) filter (where c.reopen_count > 0)::int as reopened,
      count(*) filter (where c.first_resolved_at is not null and c.reopen_count = 0 and not exists (
        select 1 from conversation later
        where later.contact_id = c.contact_id and later.id <> c.id and later.first_inbound_at > c.first_inbound_at
          and later.first_inbound_at <= c.first_resolved_at + make_interval(secs => ${query.fcrWindowMs / 1000}::float8)))::int as fcr,
      count(*) filter (where c.is_public)::int as public,
      count(*) filter (where c.is_public and c.vent_of_conversation_id is not null)::int as vents
    from conversation c join channel_account a on a.id = c.channel_account_id
    where c.first_inbound_at >= ${query.since} and c.first_inbound_at < ${query.until} and ${scope}
    group by 1 order by 1`.execute(db);
  return rows.rows.map((r) => ({
    channel: r.channel,
    conversations: r.n,
    resolved: r.resolved,
    reopened: r.reopened,
    resolvedAtFirstContact: r.fcr,
    publicConversations: r.public,
    vents: r.vents,
  }));
}
