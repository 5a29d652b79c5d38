// Outbound webhook subscriptions (other departments' endpoints, or mailto: addresses for email) and their
// delivery log. The signing secret is generated here, returned once, and kept sealed with the data-dir key:
// it must be readable to sign, so it cannot be hashed like API tokens.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { EpochMs } from '../domain/ids.js';
import { openSecrets, sealSecrets } from './secret-box.js';
import type { Schema } from './schema.js';

export const WEBHOOK_EVENTS = ['alert.raised', 'conversation.created', 'conversation.resolved', 'sla.breach', 'csat.received', 'digest'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface WebhookSubscription {
  readonly id: string;
  readonly url: string;
  readonly events: readonly WebhookEvent[];
  readonly description: string | null;
  readonly createdAt: EpochMs;
  readonly disabledAt: EpochMs | null;
}

interface SubscriptionRow {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  created_at: Date;
  disabled_at: Date | null;
}

const toSubscription = (r: SubscriptionRow): WebhookSubscription => ({
  id: r.id,
  url: r.url,
  events: r.events as WebhookEvent[],
  description: r.description,
  createdAt: new Date(r.created_at).getTime(),
  disabledAt: r.disabled_at === null ? null : new Date(r.disabled_at).getTime(),
});

/** Sealed under an id of its own kind, so a subscription's ciphertext cannot be moved onto a channel account. */
const sealId = (id: string) => `webhook_subscription:${id}`;

export async function createWebhookSubscription(
  db: Kysely<Schema>,
  input: { readonly organisationId: string; readonly url: string; readonly events: readonly WebhookEvent[]; readonly description: string | null; readonly secretKey: Buffer },
): Promise<{ readonly subscription: WebhookSubscription; readonly secret: string }> {
  const secret = `whsec_${randomBytes(24).toString('hex')}`;
  return db.transaction().execute(async (trx) => {
    const id = (await sql<{ id: string }>`select gen_random_uuid()::text as id`.execute(trx)).rows[0]!.id;
    const r = await sql<SubscriptionRow>`
      insert into webhook_subscription (id, organisation_id, url, events, description, secret)
      values (${id}, ${input.organisationId}, ${input.url}, ${sql.val([...input.events])}::text[], ${input.description}, ${sealSecrets(input.secretKey, sealId(id), { secret })})
      returning id, url, events, description, created_at, disabled_at`.execute(trx);
    return { subscription: toSubscription(r.rows[0]!), secret };
  });
}

export async function listWebhookSubscriptions(db: Kysely<Schema>, organisationId: string): Promise<readonly WebhookSubscription[]> {
  const r = await sql<SubscriptionRow>`select id, url, events, description, created_at, disabled_at from webhook_subscription
    where organisation_id = ${organisationId} order by created_at, id`.execute(db);
  return r.rows.map(toSubscription);
}

/** Stops deliveries (pending ones fail); the row and its delivery log stay for inspection. Null: no such subscription. */
export async function disableWebhookSubscription(db: Kysely<Schema>, q: { readonly organisationId: string; readonly id: string; readonly now: EpochMs }): Promise<WebhookSubscription | null> {
  return db.transaction().execute(async (trx) => {
    const r = await sql<SubscriptionRow>`update webhook_subscription set disabled_at = coalesce(disabled_at, ${new Date(q.now)})
      where id = ${q.id}::uuid and organisation_id = ${q.organisationId}
      returning id, url, events, description, created_at, disabled_at`.execute(trx);
    if (!r.rows[0]) return null;
    await sql`update webhook_delivery set status = 'failed', last_error = 'subscription disabled' where subscription_id = ${q.id}::uuid and status = 'pending'`.execute(trx);
    return toSubscription(r.rows[0]);
  });
}

export function openWebhookSecret(secretKey: Buffer, subscriptionId: string, sealed: Buffer): string {
  return String(openSecrets(secretKey, sealId(subscriptionId), sealed)['secret']);
}

export interface WebhookDelivery {
  readonly id: string;
  readonly subscriptionId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly attempts: number;
  readonly nextAttemptAt: EpochMs;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly createdAt: EpochMs;
  readonly deliveredAt: EpochMs | null;
}

interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: String(r.id),
  subscriptionId: r.subscription_id,
  eventId: r.event_id,
  eventType: r.event_type,
  status: r.status as WebhookDelivery['status'],
  attempts: r.attempts,
  nextAttemptAt: new Date(r.next_attempt_at).getTime(),
  lastStatus: r.last_status,
  lastError: r.last_error,
  createdAt: new Date(r.created_at).getTime(),
  deliveredAt: r.delivered_at === null ? null : new Date(r.delivered_at).getTime(),
});

/** The newest deliveries of a subscription of this organisation; null when there is no such subscription. */
export async function listWebhookDeliveries(
  db: Kysely<Schema>,
  q: { readonly organisationId: string; readonly subscriptionId: string; readonly limit: number },
): Promise<readonly WebhookDelivery[] | null> {
  const owner = await sql`select 1 from webhook_subscription where id = ${q.subscriptionId}::uuid and organisation_id = ${q.organisationId}`.execute(db);
  if (owner.rows.length === 0) return null;
  const r = await sql<DeliveryRow>`select id::text, subscription_id, event_id, event_type, status, attempts, next_attempt_at, last_status, last_error, created_at, delivered_at
    from webhook_delivery where subscription_id = ${q.subscriptionId}::uuid order by id desc limit ${q.limit}`.execute(db);
  return r.rows.map(toDelivery);
}

/** Queues a delivery again, now, with a fresh attempt count (replay); null when it is not this organisation's. */
export async function replayWebhookDelivery(
  db: Kysely<Schema>,
  q: { readonly organisationId: string; readonly subscriptionId: string; readonly deliveryId: string; readonly now: EpochMs },
): Promise<WebhookDelivery | null> {
  const r = await sql<DeliveryRow>`
    update webhook_delivery d set status = 'pending', attempts = 0, next_attempt_at = ${new Date(q.now)}, last_error = null
    from webhook_subscription s
    where d.id = ${q.deliveryId}::bigint and d.subscription_id = ${q.subscriptionId}::uuid and s.id = d.subscription_id
      and s.organisation_id = ${q.organisationId} and s.disabled_at is null
    returning d.id::text, d.subscription_id, d.event_id, d.event_type, d.status, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.created_at, d.delivered_at`.execute(db);
  return r.rows[0] ? toDelivery(r.rows[0]) : null;
}
