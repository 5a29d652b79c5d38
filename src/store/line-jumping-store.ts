// Waiting time to the first answer by need (priority band) and by public or private channel: the raw material of
// the line-jumping index, which asks whether complaining in public gets an answer sooner than equal need in private.
import { sql, type Kysely } from 'kysely';
import type { ConversationScope } from '../domain/access.js';
import { scopeCondition } from './conversation-scope-sql.js';
import type { Schema } from './schema.js';

/** Priority bands of the fair queue's 0..100 need score, lowest first. */
export const PRIORITY_BANDS = ['low', 'normal', 'high', 'urgent'] as const;
export type PriorityBand = (typeof PRIORITY_BANDS)[number];

export interface FirstResponseWaits {
  readonly band: PriorityBand;
  readonly isPublic: boolean;
  readonly conversations: number;
  readonly answered: number;
  readonly p50Seconds: number | null;
  readonly p90Seconds: number | null;
}

export async function readFirstResponseWaits(
  db: Kysely<Schema>,
  query: { readonly since: Date; readonly until: Date; readonly scope?: ConversationScope },
): Promise<readonly FirstResponseWaits[]> {
  const scope = scopeCondition(query.scope ?? { kind: 'all' });
  const rows = await sql<{ band: number; is_public: boolean; n: number; answered: number; p50: number | null; p90: number | null }>`
    select least(greatest(c.priority, 0), 100) / 25 as band, c.is_public, count(*)::int as n, count(c.first_response_at)::int as answered,
      percentile_cont(0.5) within group (order by extract(epoch from c.first_response_at - c.first_inbound_at))::float8 as p50,
      percentile_cont(0.9) within group (order by extract(epoch from c.first_response_at - c.first_inbound_at))::float8 as p90
    from conversation c
    where c.first_inbound_at >= ${query.since} and c.first_inbound_at < ${query.until} and ${scope}
    group by 1, 2 order by 1, 2`.execute(db);
  const round = (x: number | null) => (x === null ? null : Math.round(x));
  return rows.rows.map((r) => ({
    // 100 (the top of the scale) belongs to the urgent band, not a fifth one.
    band: PRIORITY_BANDS[Math.min(Number(r.band), 3)]!,
    isPublic: r.is_public,
    conversations: r.n,
    answered: r.answered,
    p50Seconds: round(r.p50),
    p90Seconds: round(r.p90),
  }));
}
