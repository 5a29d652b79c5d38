// What the staffing forecast measures: conversations started per channel and hour of the week, and a handle-time
// proxy per channel from conversations worked from first answer to resolution in one sitting.
import { sql, type Kysely } from 'kysely';
import type { ConversationScope } from '../domain/access.js';
import { scopeCondition } from './conversation-scope-sql.js';
import type { Schema } from './schema.js';

export interface StaffingMeasureQuery {
  readonly since: Date;
  readonly until: Date;
  /** IANA zone the hours of the week are counted in (the desk's). */
  readonly timeZone: string;
  readonly scope?: ConversationScope;
}

export interface HourOfWeekCount {
  readonly channel: string;
  /** 0 = Monday 00:00 … 167 = Sunday 23:00. */
  readonly hourOfWeek: number;
  readonly conversations: number;
}

export async function readArrivalsByHourOfWeek(db: Kysely<Schema>, query: StaffingMeasureQuery): Promise<readonly HourOfWeekCount[]> {
  const scope = scopeCondition(query.scope ?? { kind: 'all' });
  const rows = await sql<{ channel: string; how: number; n: number }>`
    select a.kind as channel,
      ((extract(isodow from c.first_inbound_at at time zone ${query.timeZone})::int - 1) * 24
        + extract(hour from c.first_inbound_at at time zone ${query.timeZone})::int) as how,
      count(*)::int as n
    from conversation c join channel_account a on a.id = c.channel_account_id
    where c.first_inbound_at >= ${query.since} and c.first_inbound_at < ${query.until} and ${scope}
    group by 1, 2 order by 1, 2`.execute(db);
  return rows.rows.map((r) => ({ channel: r.channel, hourOfWeek: Number(r.how), conversations: r.n }));
}

export interface HandleTimeSample {
  readonly channel: string;
  /** Median seconds from first answer to resolution. */
  readonly seconds: number;
  readonly samples: number;
}

/**
 * earshot does not yet record agents' working time, so handle time is approximated by first answer → resolution
 * for conversations closed within `maxSeconds` of the first answer (worked in one sitting: chat, calls, quick
 * messages); longer ones wait on the customer and would count their time as work. Channels with fewer than
 * `minSamples` such conversations are left out, and the caller falls back to a configured time.
 */
export async function readHandleTimes(
  db: Kysely<Schema>,
  query: Omit<StaffingMeasureQuery, 'timeZone'> & { readonly maxSeconds: number; readonly minSamples: number },
): Promise<readonly HandleTimeSample[]> {
  const scope = scopeCondition(query.scope ?? { kind: 'all' });
  const rows = await sql<{ channel: string; p50: number; n: number }>`
    select a.kind as channel,
      percentile_cont(0.5) within group (order by extract(epoch from c.resolved_at - c.first_response_at))::float8 as p50,
      count(*)::int as n
    from conversation c join channel_account a on a.id = c.channel_account_id
    where c.first_inbound_at >= ${query.since} and c.first_inbound_at < ${query.until} and ${scope}
      and c.resolved_at is not null and c.first_response_at is not null and c.resolved_at > c.first_response_at
      and c.resolved_at - c.first_response_at <= make_interval(secs => ${query.maxSeconds}::float8)
    group by 1 having count(*) >= ${query.minSamples} order by 1`.execute(db);
  return rows.rows.map((r) => ({ channel: r.channel, seconds: Math.round(r.p50), samples: r.n }));
}
