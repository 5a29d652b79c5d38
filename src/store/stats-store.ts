// Counts and first-response percentiles for `earshot stats`: the first end-to-end proof that ingest worked.
import { sql, type Kysely } from 'kysely';
import type { Schema } from './schema.js';

export interface AccountResponseStats {
  readonly channelAccount: string;
  readonly kind: string;
  readonly conversations: number;
  readonly answered: number;
  readonly firstResponseP50Seconds: number | null;
  readonly firstResponseP90Seconds: number | null;
}

export interface StoreStats {
  readonly messages: number;
  readonly conversations: number;
  readonly contacts: number;
  readonly channelAccounts: number;
  readonly pendingRawInbound: number;
  readonly deadLetters: number;
  readonly byAccount: readonly AccountResponseStats[];
}

export async function readStats(db: Kysely<Schema>): Promise<StoreStats> {
  const totals = await sql<{ messages: number; conversations: number; contacts: number; accounts: number; pending: number; dead: number }>`
    select (select count(*)::int from message) as messages,
           (select count(*)::int from conversation) as conversations,
           (select count(*)::int from contact where merged_into_id is null) as contacts,
           (select count(*)::int from channel_account) as accounts,
           (select count(*)::int from raw_inbound where status = 'pending') as pending,
           (select count(*)::int from raw_inbound where status = 'dead') as dead`.execute(db);
  const byAccount = await sql<{ name: string; kind: string; conversations: number; answered: number; p50: number | null; p90: number | null }>`
    select a.name, a.kind, count(c.id)::int as conversations, count(c.first_response_at)::int as answered,
      percentile_cont(0.5) within group (order by extract(epoch from c.first_response_at - c.first_inbound_at))::float8 as p50,
      percentile_cont(0.9) within group (order by extract(epoch from c.first_response_at - c.first_inbound_at))::float8 as p90
    from channel_account a left join conversation c on c.channel_account_id = a.id
    group by a.id, a.name, a.kind order by a.name`.execute(db);
  const t = totals.rows[0]!;
  return {
    messages: t.messages,
    conversations: t.conversations,
    contacts: t.contacts,
    channelAccounts: t.accounts,
    pendingRawInbound: t.pending,
    deadLetters: t.dead,
    byAccount: byAccount.rows.map((r) => ({
      channelAccount: r.name,
      kind: r.kind,
      conversations: r.conversations,
      answered: r.answered,
      firstResponseP50Seconds: r.p50 === null ? null : Math.round(r.p50),
      firstResponseP90Seconds: r.p90 === null ? null : Math.round(r.p90),
    })),
  };
}
