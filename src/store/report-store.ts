// Report figures grouped by a dimension and limited to a period, computed in SQL over conversations and messages.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ConversationScope } from '../domain/access.js';
import { scopeCondition } from './conversation-scope-sql.js';
import type { Schema } from './schema.js';

export const REPORT_DIMENSIONS = ['channel', 'account', 'language', 'day'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

export interface ReportRow {
  /** The group: channel kind, account name, language code or day (YYYY-MM-DD, UTC). */
  readonly group: string;
  /** Conversations whose first customer message falls in the period. */
  readonly conversations: number;
  readonly inboundMessages: number;
  readonly answered: number;
  readonly firstResponseP50Seconds: number | null;
  readonly firstResponseP90Seconds: number | null;
  readonly resolved: number;
  readonly resolutionP50Seconds: number | null;
  readonly resolutionP90Seconds: number | null;
  readonly sentiment: { readonly negative: number; readonly neutral: number; readonly positive: number };
  /** Care intents of the customer messages, most frequent first (at most five). */
  readonly topIntents: readonly { readonly intent: string; readonly messages: number }[];
}

export interface ReportQuery {
  readonly by: ReportDimension;
  readonly since: Date;
  readonly until: Date;
  /** Whose conversations count: a lead's report covers their teams' queues only. Default: the whole organisation. */
  readonly scope?: ConversationScope;
}

function groupExpression(by: ReportDimension): RawBuilder<string> {
  switch (by) {
    case 'channel':
      return sql<string>`a.kind`;
    case 'account':
      return sql<string>`a.name`;
    case 'language':
      return sql<string>`coalesce(c.language, 'unknown')`;
    case 'day':
      return sql<string>`to_char(c.first_inbound_at at time zone 'UTC', 'YYYY-MM-DD')`;
  }
}

export async function readReport(db: Kysely<Schema>, query: ReportQuery): Promise<readonly ReportRow[]> {
  const group = groupExpression(query.by);
  const scope = scopeCondition(query.scope ?? { kind: 'all' });
  const rows = await sql<{
    grp: string;
    conversations: number;
    answered: number;
    frt50: number | null;
    frt90: number | null;
    resolved: number;
    res50: number | null;
    res90: number | null;
  }>`
    select ${group} as grp, count(*)::int as conversations, count(c.first_response_at)::int as answered,
      percentile_cont(0.5) within group (order by extract(epoch from c.first_response_at - c.first_inbound_at))::float8 as frt50,
      percentile_cont(0.9) within group (order by extract(epoch from c.first_response_at - c.first_inbound_at))::float8 as frt90,
      count(c.resolved_at)::int as resolved,
      percentile_cont(0.5) within group (order by extract(epoch from c.resolved_at - c.first_inbound_at))::float8 as res50,
      percentile_cont(0.9) within group (order by extract(epoch from c.resolved_at - c.first_inbound_at))::float8 as res90
    from conversation c join channel_account a on a.id = c.channel_account_id
    where c.first_inbound_at >= ${query.since} and c.first_inbound_at < ${query.until} and ${scope}
    group by 1 order by 1`.execute(db);
  const messages = await sql<{ grp: string; sentiment: string | null; intent: string | null; n: number }>`
    select ${group} as grp, m.sentiment, m.triage->'intent'->>'value' as intent, count(*)::int as n
    from message m join conversation c on c.id = m.conversation_id join channel_account a on a.id = c.channel_account_id
    where m.direction = 'inbound' and c.first_inbound_at >= ${query.since} and c.first_inbound_at < ${query.until} and ${scope}
    group by 1, 2, 3`.execute(db);
  const round = (x: number | null) => (x === null ? null : Math.round(x));
  return rows.rows.map((r) => {
    const mine = messages.rows.filter((m) => m.grp === r.grp);
    const sentimentCount = (s: string) => mine.filter((m) => m.sentiment === s).reduce((sum, m) => sum + m.n, 0);
    const intents = new Map<string, number>();
    for (const m of mine) if (m.intent) intents.set(m.intent, (intents.get(m.intent) ?? 0) + m.n);
    return {
      group: r.grp,
      conversations: r.conversations,
      inboundMessages: mine.reduce((sum, m) => sum + m.n, 0),
      answered: r.answered,
      firstResponseP50Seconds: round(r.frt50),
      firstResponseP90Seconds: round(r.frt90),
      resolved: r.resolved,
      resolutionP50Seconds: round(r.res50),
      resolutionP90Seconds: round(r.res90),
      sentiment: { negative: sentimentCount('negative'), neutral: sentimentCount('neutral'), positive: sentimentCount('positive') },
      topIntents: [...intents]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, 5)
        .map(([intent, n]) => ({ intent, messages: n })),
    };
  });
}
