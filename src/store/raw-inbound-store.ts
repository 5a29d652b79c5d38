// Writing what arrived, before anything acknowledges it. A dedupe key (an archive row's id, a provider's
// delivery id) makes a redelivery or a re-import a no-op at the constraint, not by a prior select.
import { sql, type Kysely } from 'kysely';
import type { ChannelAccountId, OrganisationId } from '../domain/ids.js';
import { toPgJson } from './pg-json.js';
import type { Schema } from './schema.js';

export interface RawInboundInput {
  readonly organisationId: OrganisationId;
  readonly channelAccountId: ChannelAccountId;
  readonly source: string;
  readonly dedupeKey: string | null;
  readonly payload: unknown;
}

export interface EnqueueReport {
  readonly stored: number;
  readonly duplicates: number;
}

/** One multi-row insert; returns how many rows were new. */
export async function storeRawInbound(db: Kysely<Schema>, items: readonly RawInboundInput[]): Promise<EnqueueReport> {
  if (items.length === 0) return { stored: 0, duplicates: 0 };
  const result = await sql<{ n: number }>`
    with ins as (
      insert into raw_inbound (organisation_id, channel_account_id, source, dedupe_key, payload)
      select r.o, r.a, r.s, r.k, r.p from jsonb_to_recordset(${toPgJson(
        items.map((i) => ({ o: i.organisationId, a: i.channelAccountId, s: i.source, k: i.dedupeKey, p: i.payload })),
      )}::jsonb) as r(o uuid, a uuid, s text, k text, p jsonb)
      on conflict (channel_account_id, dedupe_key) where dedupe_key is not null do nothing
      returning 1
    ) select count(*)::int as n from ins`.execute(db);
  const stored = result.rows[0]?.n ?? 0;
  return { stored, duplicates: items.length - stored };
}

export interface RawInboundCounts {
  readonly pending: number;
  readonly done: number;
  readonly dead: number;
}

export async function countRawInbound(db: Kysely<Schema>): Promise<RawInboundCounts> {
  const rows = await sql<{ status: string; n: number }>`select status, count(*)::int as n from raw_inbound group by status`.execute(db);
  const get = (s: string) => rows.rows.find((r) => r.status === s)?.n ?? 0;
  return { pending: get('pending'), done: get('done'), dead: get('dead') };
}

export interface DeadLetter {
  readonly id: string;
  readonly source: string;
  readonly reason: string;
  readonly payload: unknown;
}

export async function listDeadLetters(db: Kysely<Schema>, limit: number): Promise<readonly DeadLetter[]> {
  const rows = await db
    .selectFrom('raw_inbound')
    .select(['id', 'source', 'dead_reason', 'payload'])
    .where('status', '=', 'dead')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: String(r.id), source: r.source, reason: r.dead_reason ?? '', payload: r.payload }));
}
