// Spike and crisis alerts: the hourly counts the detector reads (per account, triage intent, crisis term and
// triage tag), negative posts by influential authors, and the alert rows themselves — raised once per spike by a
// unique dedupe key, each with an `alert.raised` event in the same transaction so live clients and webhooks hear it.
import { sql, type Kysely } from 'kysely';
import type { EpochMs } from '../domain/ids.js';
import { recordEvent } from './event-feed-store.js';
import type { Schema } from './schema.js';

export const ALERT_KINDS = ['volume', 'negative-share', 'influencer'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_SUBJECT_KINDS = ['account', 'intent', 'crisis-term', 'tag', 'author'] as const;
export type AlertSubjectKind = (typeof ALERT_SUBJECT_KINDS)[number];

export interface SubjectHourCount {
  readonly subjectKind: Exclude<AlertSubjectKind, 'author'>;
  readonly subject: string;
  /** Start of the hour, epoch ms (UTC hours). */
  readonly hour: EpochMs;
  readonly messages: number;
  readonly negative: number;
}

const HOUR_MS = 3_600_000;

/** Inbound messages per subject and hour from `since` (inclusive) to `until` (exclusive). */
export async function readSubjectHourCounts(db: Kysely<Schema>, query: { readonly since: Date; readonly until: Date }): Promise<readonly SubjectHourCount[]> {
  const rows = await sql<{ kind: string; subject: string; hour: number; n: number; neg: number }>`
    with m as (
      select m.channel_account_id, m.triage, m.sentiment = 'negative' as negative, extract(epoch from date_trunc('hour', m.sent_at at time zone 'UTC'))::float8 * 1000 as hour
      from message m where m.direction = 'inbound' and m.sent_at >= ${query.since} and m.sent_at < ${query.until}
    ), subjects as (
      select 'account' as kind, a.name as subject, m.hour, m.negative from m join channel_account a on a.id = m.channel_account_id
      union all
      select 'intent', m.triage->'intent'->>'value', m.hour, m.negative from m where m.triage->'intent'->>'value' is not null
      union all
      select 'crisis-term', t.term, m.hour, m.negative from m cross join lateral jsonb_array_elements_text(coalesce(m.triage->'crisis'->'terms', '[]'::jsonb)) as t(term)
      union all
      select 'tag', t.tag, m.hour, m.negative from m cross join lateral jsonb_array_elements_text(coalesce(m.triage->'tags', '[]'::jsonb)) as t(tag)
    )
    select kind, subject, hour, count(*)::int as n, count(*) filter (where negative)::int as neg
    from subjects group by 1, 2, 3 order by 1, 2, 3`.execute(db);
  return rows.rows.map((r) => ({
    subjectKind: r.kind as SubjectHourCount['subjectKind'],
    subject: r.subject,
    hour: Math.round(Number(r.hour) / HOUR_MS) * HOUR_MS,
    messages: r.n,
    negative: r.neg,
  }));
}

/** Up to `limit` inbound message ids (newest first) of one subject in one time range, negative ones only if asked. */
export async function readExampleMessages(
  db: Kysely<Schema>,
  q: { readonly subjectKind: SubjectHourCount['subjectKind']; readonly subject: string; readonly since: Date; readonly until: Date; readonly negativeOnly: boolean; readonly limit: number },
): Promise<readonly { readonly messageId: string; readonly conversationId: string }[]> {
  const match =
    q.subjectKind === 'account'
      ? sql`m.channel_account_id in (select id from channel_account where name = ${q.subject})`
      : q.subjectKind === 'intent'
        ? sql`m.triage->'intent'->>'value' = ${q.subject}`
        : q.subjectKind === 'crisis-term'
          ? sql`coalesce(m.triage->'crisis'->'terms', '[]'::jsonb) ? ${q.subject}`
          : sql`coalesce(m.triage->'tags', '[]'::jsonb) ? ${q.subject}`;
  const rows = await sql<{ id: string; conversation_id: string }>`
    select m.id, m.conversation_id from message m
    where m.direction = 'inbound' and m.sent_at >= ${q.since} and m.sent_at < ${q.until} and ${match}
      and (${!q.negativeOnly} or m.sentiment = 'negative')
    order by m.sent_at desc limit ${q.limit}`.execute(db);
  return rows.rows.map((r) => ({ messageId: r.id, conversationId: r.conversation_id }));
}

export interface InfluentialPost {
  readonly messageId: string;
  readonly conversationId: string;
  readonly authorHandle: string;
  readonly influence: number;
  readonly sentAt: EpochMs;
}

/** Negative public posts since `since` whose author's triage influence is at least `minInfluence` (0..1). */
export async function readInfluentialNegativePosts(db: Kysely<Schema>, q: { readonly since: Date; readonly minInfluence: number }): Promise<readonly InfluentialPost[]> {
  const rows = await sql<{ id: string; conversation_id: string; author_handle: string; influence: number; sent_at: Date }>`
    select m.id, m.conversation_id, m.author_handle, (m.triage->'influence'->>'value')::float8 as influence, m.sent_at
    from message m
    where m.direction = 'inbound' and m.is_public and m.sentiment = 'negative' and m.sent_at >= ${q.since}
      and (m.triage->'influence'->>'value')::float8 >= ${q.minInfluence}
    order by m.sent_at limit 100`.execute(db);
  return rows.rows.map((r) => ({ messageId: r.id, conversationId: r.conversation_id, authorHandle: r.author_handle, influence: r.influence, sentAt: new Date(r.sent_at).getTime() }));
}

export interface NewAlert {
  readonly kind: AlertKind;
  readonly subjectKind: AlertSubjectKind;
  readonly subject: string;
  readonly startedAt: EpochMs;
  /** Same key, same alert: a detector that sees the spike again raises nothing. */
  readonly dedupeKey: string;
  readonly observed: number;
  readonly expected: number;
  readonly reason: string;
  readonly examples: readonly { readonly messageId: string; readonly conversationId: string }[];
  readonly inboxPath: string;
}

export interface Alert {
  readonly id: string;
  readonly kind: AlertKind;
  readonly subjectKind: AlertSubjectKind;
  readonly subject: string;
  readonly startedAt: EpochMs;
  readonly observed: number;
  readonly expected: number;
  readonly reason: string;
  readonly exampleMessageIds: readonly string[];
  readonly inboxPath: string;
  readonly createdAt: EpochMs;
  readonly acknowledgedAt: EpochMs | null;
  readonly acknowledgedBy: string | null;
}

interface AlertRow {
  id: string;
  kind: string;
  subject_kind: string;
  subject: string;
  started_at: Date;
  observed: number;
  expected: number;
  reason: string;
  example_message_ids: string[];
  inbox_path: string;
  created_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
}

const toAlert = (r: AlertRow): Alert => ({
  id: r.id,
  kind: r.kind as AlertKind,
  subjectKind: r.subject_kind as AlertSubjectKind,
  subject: r.subject,
  startedAt: new Date(r.started_at).getTime(),
  observed: r.observed,
  expected: r.expected,
  reason: r.reason,
  exampleMessageIds: r.example_message_ids,
  inboxPath: r.inbox_path,
  createdAt: new Date(r.created_at).getTime(),
  acknowledgedAt: r.acknowledged_at === null ? null : new Date(r.acknowledged_at).getTime(),
  acknowledgedBy: r.acknowledged_by,
});

/**
 * Inserts the alerts not raised before and returns only those. Each new alert records an `alert.raised` event on
 * its first example's conversation, so live clients that can see that conversation are told.
 */
export async function raiseAlerts(db: Kysely<Schema>, organisationId: string, alerts: readonly NewAlert[]): Promise<readonly Alert[]> {
  if (alerts.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const raised: Alert[] = [];
    for (const a of alerts) {
      const r = await sql<AlertRow>`
        insert into alert (organisation_id, kind, subject_kind, subject, started_at, dedupe_key, observed, expected, reason, example_message_ids, inbox_path)
        values (${organisationId}, ${a.kind}, ${a.subjectKind}, ${a.subject}, ${new Date(a.startedAt)}, ${a.dedupeKey}, ${a.observed}, ${a.expected}, ${a.reason},
          ${sql.val(a.examples.map((e) => e.messageId))}::uuid[], ${a.inboxPath})
        on conflict (organisation_id, dedupe_key) do nothing
        returning id, kind, subject_kind, subject, started_at, observed, expected, reason, example_message_ids, inbox_path, created_at, acknowledged_at, acknowledged_by`.execute(trx);
      const row = r.rows[0];
      if (!row) continue;
      const alert = toAlert(row);
      raised.push(alert);
      await recordEvent(trx, {
        organisationId,
        type: 'alert.raised',
        conversationId: a.examples[0]?.conversationId ?? null,
        agentId: null,
        payload: { alertId: alert.id, kind: alert.kind, subjectKind: alert.subjectKind, subject: alert.subject, reason: alert.reason, inboxPath: alert.inboxPath },
      });
    }
    return raised;
  });
}

export async function listAlerts(
  db: Kysely<Schema>,
  q: { readonly organisationId: string; readonly unacknowledgedOnly: boolean; readonly limit: number },
): Promise<readonly Alert[]> {
  const rows = await sql<AlertRow>`
    select id, kind, subject_kind, subject, started_at, observed, expected, reason, example_message_ids, inbox_path, created_at, acknowledged_at, acknowledged_by
    from alert where organisation_id = ${q.organisationId} and (${!q.unacknowledgedOnly} or acknowledged_at is null)
    order by created_at desc, id limit ${q.limit}`.execute(db);
  return rows.rows.map(toAlert);
}

/** Marks an alert acknowledged once (a second acknowledgement keeps the first); null when there is no such alert. */
export async function acknowledgeAlert(
  db: Kysely<Schema>,
  q: { readonly organisationId: string; readonly alertId: string; readonly agentId: string; readonly now: EpochMs },
): Promise<Alert | null> {
  const rows = await sql<AlertRow>`
    update alert set acknowledged_at = coalesce(acknowledged_at, ${new Date(q.now)}), acknowledged_by = coalesce(acknowledged_by, ${q.agentId}::uuid)
    where id = ${q.alertId}::uuid and organisation_id = ${q.organisationId}
    returning id, kind, subject_kind, subject, started_at, observed, expected, reason, example_message_ids, inbox_path, created_at, acknowledged_at, acknowledged_by`.execute(db);
  const row = rows.rows[0];
  return row ? toAlert(row) : null;
}
