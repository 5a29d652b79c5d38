// Operational gauges for /metrics, each answered from an index (a scrape every few seconds must not scan tables).
import { sql, type Kysely } from 'kysely';
import type { Schema } from './schema.js';

export interface OperationalGauges {
  /** Highest raw_inbound id: grows by one per stored delivery (gaps on rollback), so its rate is the ingest rate. */
  readonly inboundReceived: number;
  /** Raw items waiting for the pipeline. */
  readonly ingestQueueDepth: number;
  /** Replies queued or being sent to channels. */
  readonly outboxBacklog: number;
  readonly webhookDeliveriesPending: number;
  /** Pending deliveries that have already failed at least once. */
  readonly webhookDeliveriesRetrying: number;
}

export async function readOperationalGauges(db: Kysely<Schema>): Promise<OperationalGauges> {
  const r = await sql<{ received: string | null; depth: number; outbox: number; pending: number; retrying: number }>`
    select (select max(id)::text from raw_inbound) as received,
      (select count(*)::int from raw_inbound where status = 'pending') as depth,
      (select count(*)::int from outbox_item where status in ('queued', 'sending')) as outbox,
      (select count(*)::int from webhook_delivery where status = 'pending') as pending,
      (select count(*)::int from webhook_delivery where status = 'pending' and attempts > 0) as retrying`.execute(db);
  const row = r.rows[0]!;
  return {
    inboundReceived: Number(row.received ?? 0),
    ingestQueueDepth: row.depth,
    outboxBacklog: row.outbox,
    webhookDeliveriesPending: row.pending,
    webhookDeliveriesRetrying: row.retrying,
  };
}
