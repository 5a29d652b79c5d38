// The two other destinations of a verified webhook besides raw_inbound: dead letters for authentic but unreadable
// deliveries (kept with the reason, never processed), and delivery receipts, queued as jobs for the outbox worker.
import { sql, type Kysely } from 'kysely';
import type { ChannelAccountId, OrganisationId } from '../domain/ids.js';
import { toPgJson } from './pg-json.js';
import type { Schema } from './schema.js';

export async function storeDeadLetter(
  db: Kysely<Schema>,
  input: { readonly organisationId: OrganisationId; readonly channelAccountId: ChannelAccountId; readonly source: string; readonly payload: unknown; readonly reason: string },
): Promise<void> {
  await sql`
    insert into raw_inbound (organisation_id, channel_account_id, source, payload, status, dead_reason, processed_at)
    values (${input.organisationId}, ${input.channelAccountId}, ${input.source}, ${toPgJson(input.payload)}::jsonb, 'dead', ${input.reason.slice(0, 2000)}, now())`.execute(db);
}

const RECEIPT_QUEUE = 'delivery-receipt';

/** Stores a receipt delivery; a redelivery with the same key is a no-op. Returns whether it was new. */
export async function storeReceipt(
  db: Kysely<Schema>,
  input: { readonly channelAccountId: ChannelAccountId; readonly kind: string; readonly dedupeKey: string | null; readonly payload: unknown },
): Promise<boolean> {
  const result = await sql`
    insert into job (queue, payload, dedupe_key, max_attempts)
    values (${RECEIPT_QUEUE}, ${toPgJson({ channelAccountId: input.channelAccountId, kind: input.kind, payload: input.payload })}::jsonb,
      ${input.dedupeKey === null ? null : `receipt:${input.channelAccountId}:${input.dedupeKey}`}, 20)
    on conflict (dedupe_key) do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0n) > 0;
}

export interface ClaimedReceipt {
  readonly id: string;
  /** `{ channelAccountId, kind, payload }`, checked by the caller: rows may predate a change. */
  readonly payload: unknown;
  readonly attempts: number;
  readonly maxAttempts: number;
}

export async function claimReceipts(db: Kysely<Schema>, options: { readonly limit: number; readonly workerId: string; readonly leaseMs: number }): Promise<ClaimedReceipt[]> {
  const rows = await sql<{ id: string; payload: unknown; attempts: number; max_attempts: number }>`
    update job j set status = 'running', attempts = j.attempts + 1, locked_by = ${options.workerId}, locked_at = now(),
      run_at = now() + ${options.leaseMs} * interval '1 millisecond'
    from (select id from job where queue = ${RECEIPT_QUEUE} and status in ('pending', 'running') and run_at <= now()
          order by run_at limit ${options.limit} for update skip locked) due
    where j.id = due.id
    returning j.id, j.payload, j.attempts, j.max_attempts`.execute(db);
  return rows.rows.map((r) => ({ id: String(r.id), payload: r.payload, attempts: r.attempts, maxAttempts: r.max_attempts }));
}

export type ReceiptResult =
  | { readonly kind: 'done' }
  | { readonly kind: 'retry'; readonly delayMs: number; readonly error: string }
  | { readonly kind: 'failed'; readonly reason: string };

export async function finishReceipt(db: Kysely<Schema>, id: string, result: ReceiptResult): Promise<void> {
  if (result.kind === 'done') {
    await sql`update job set status = 'done', finished_at = now(), locked_by = null where id = ${Number(id)}`.execute(db);
  } else if (result.kind === 'retry') {
    await sql`update job set status = 'pending', run_at = now() + ${result.delayMs} * interval '1 millisecond', last_error = ${result.error}, locked_by = null
      where id = ${Number(id)}`.execute(db);
  } else {
    await sql`update job set status = 'failed', finished_at = now(), last_error = ${result.reason.slice(0, 2000)}, locked_by = null where id = ${Number(id)}`.execute(db);
  }
}
