// What the daily digest needs beyond the volume report: SLA breaches and alerts of the day, and whether a digest
// is still owed to anyone (so the worker builds it once, not on every pass).
import { sql, type Kysely } from 'kysely';
import type { Schema } from './schema.js';

export async function countEvents(db: Kysely<Schema>, q: { readonly organisationId: string; readonly type: string; readonly since: Date; readonly until: Date }): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from event
    where organisation_id = ${q.organisationId} and type = ${q.type} and created_at >= ${q.since} and created_at < ${q.until}`.execute(db);
  return r.rows[0]?.n ?? 0;
}

export async function listAlertReasons(db: Kysely<Schema>, q: { readonly organisationId: string; readonly since: Date; readonly until: Date }): Promise<readonly string[]> {
  const r = await sql<{ reason: string }>`select reason from alert
    where organisation_id = ${q.organisationId} and created_at >= ${q.since} and created_at < ${q.until} order by created_at`.execute(db);
  return r.rows.map((x) => x.reason);
}

/** True when a live subscription wants digests and has no delivery of `eventId` yet. */
export async function isDigestOwed(db: Kysely<Schema>, q: { readonly organisationId: string; readonly eventId: string }): Promise<boolean> {
  const r = await sql<{ owed: boolean }>`select exists (
      select 1 from webhook_subscription s
      where s.organisation_id = ${q.organisationId} and s.disabled_at is null and 'digest' = any(s.events)
        and not exists (select 1 from webhook_delivery d where d.subscription_id = s.id and d.event_id = ${q.eventId})
    ) as owed`.execute(db);
  return r.rows[0]?.owed ?? false;
}
