// The outbound side of webhook subscriptions: recent `event` rows become one delivery per matching subscription
// (idempotent by the unique (subscription, event id)), due deliveries are claimed under a lease so two workers
// never send the same one at once, and each attempt's result is written back with the next try or a final state.
import { sql, type Kysely } from 'kysely';
import type { EpochMs } from '../domain/ids.js';
import { toPgJson } from './pg-json.js';
import type { Schema } from './schema.js';

/**
 * Creates deliveries for the newest `window` events (by id) that a live subscription wants and did not exist yet
 * when it was created. A cursor table would be exact; the window keeps this stateless and costs one index range
 * scan. More than `window` events between two passes would skip the oldest ones (one pass runs every few seconds).
 */
export async function fanOutEvents(db: Kysely<Schema>, window: number): Promise<number> {
  const r = await sql`
    with recent as (
      select e.id, e.organisation_id, e.type, e.conversation_id, e.payload, e.created_at from event e
      where e.id > (select coalesce(max(id), 0) - ${window} from event)
    ), mapped as (
      select 'event:' || id as event_id, organisation_id, 'alert.raised' as type, created_at,
        jsonb_build_object('alert', payload, 'conversationId', conversation_id) as data
        from recent where type = 'alert.raised'
      union all
      select 'event:' || id, organisation_id, 'conversation.resolved', created_at, jsonb_build_object('conversationId', conversation_id)
        from recent where type = 'conversation.status_changed' and payload->>'to' = 'resolved'
      union all
      select 'event:' || id, organisation_id, 'sla.breach', created_at, jsonb_build_object('conversationId', conversation_id, 'target', payload->>'target', 'at', payload->>'at')
        from recent where type = 'sla.breach'
      union all
      select 'event:' || id, organisation_id, 'csat.received', created_at,
        jsonb_build_object('conversationId', conversation_id, 'rating', payload->'rating', 'comment', payload->'comment')
        from recent where type = 'csat.received'
      union all
      select 'event:' || id || ':' || c.value, organisation_id, 'conversation.created', created_at, jsonb_build_object('conversationId', c.value)
        from recent cross join lateral jsonb_array_elements_text(coalesce(payload->'created', '[]'::jsonb)) as c(value)
        where type = 'conversations.changed'
    )
    insert into webhook_delivery (subscription_id, event_id, event_type, payload)
    select s.id, m.event_id, m.type,
      jsonb_build_object('id', m.event_id, 'type', m.type, 'createdAt', to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'data', m.data)
    from mapped m join webhook_subscription s on s.organisation_id = m.organisation_id
    where s.disabled_at is null and m.type = any(s.events) and m.created_at >= s.created_at
    on conflict (subscription_id, event_id) do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** One delivery per live subscription that wants `type`, for events that are not rows of `event` (the digest). */
export async function enqueueDeliveries(
  db: Kysely<Schema>,
  e: { readonly organisationId: string; readonly eventId: string; readonly type: string; readonly createdAt: EpochMs; readonly data: Readonly<Record<string, unknown>> },
): Promise<number> {
  const body = { id: e.eventId, type: e.type, createdAt: new Date(e.createdAt).toISOString(), data: e.data };
  const r = await sql`insert into webhook_delivery (subscription_id, event_id, event_type, payload)
    select id, ${e.eventId}, ${e.type}, ${toPgJson(body)}::jsonb from webhook_subscription
    where organisation_id = ${e.organisationId} and disabled_at is null and ${e.type} = any(events)
    on conflict (subscription_id, event_id) do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export interface ClaimedDelivery {
  readonly id: string;
  readonly subscriptionId: string;
  readonly url: string;
  readonly sealedSecret: Buffer;
  readonly eventType: string;
  /** The exact JSON text to send (and sign). */
  readonly body: string;
  /** This attempt's number, from 1. */
  readonly attempt: number;
}

/** Claims up to `limit` due deliveries: counts the attempt and hides them for `leaseMs` while they are sent. */
export async function claimDueDeliveries(db: Kysely<Schema>, q: { readonly now: EpochMs; readonly limit: number; readonly leaseMs: number }): Promise<readonly ClaimedDelivery[]> {
  const r = await sql<{ id: string; subscription_id: string; url: string; secret: Buffer; event_type: string; payload: unknown; attempts: number }>`
    with due as (
      select d.id from webhook_delivery d
      where d.status = 'pending' and d.next_attempt_at <= ${new Date(q.now)}
      order by d.next_attempt_at, d.id limit ${q.limit} for update skip locked
    )
    update webhook_delivery d set attempts = d.attempts + 1, next_attempt_at = ${new Date(q.now + q.leaseMs)}
    from due, webhook_subscription s
    where d.id = due.id and s.id = d.subscription_id
    returning d.id::text, d.subscription_id, s.url, s.secret, d.event_type, d.payload, d.attempts`.execute(db);
  return r.rows.map((row) => ({
    id: row.id,
    subscriptionId: row.subscription_id,
    url: row.url,
    sealedSecret: Buffer.from(row.secret),
    eventType: row.event_type,
    body: typeof row.payload === 'string' ? row.payload : JSON.stringify(row.payload),
    attempt: row.attempts,
  }));
}

export type DeliveryResult =
  | { readonly kind: 'delivered'; readonly status: number | null }
  | { readonly kind: 'retry'; readonly status: number | null; readonly error: string; readonly at: EpochMs }
  | { readonly kind: 'failed'; readonly status: number | null; readonly error: string };

export async function recordDeliveryResult(db: Kysely<Schema>, id: string, result: DeliveryResult, now: EpochMs): Promise<void> {
  switch (result.kind) {
    case 'delivered':
      await sql`update webhook_delivery set status = 'delivered', delivered_at = ${new Date(now)}, last_status = ${result.status}, last_error = null
        where id = ${id}::bigint`.execute(db);
      return;
    case 'retry':
      await sql`update webhook_delivery set next_attempt_at = ${new Date(result.at)}, last_status = ${result.status}, last_error = ${result.error}
        where id = ${id}::bigint`.execute(db);
      return;
    case 'failed':
      await sql`update webhook_delivery set status = 'failed', last_status = ${result.status}, last_error = ${result.error} where id = ${id}::bigint`.execute(db);
      return;
  }
}
