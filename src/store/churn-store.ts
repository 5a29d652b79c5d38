// The signals of churn risk per contact, one row per conversation in the period that carries any of them: a
// cancel intent, a negative customer message, a complaint still unresolved. The scoring lives in src/insights.
import { sql, type Kysely } from 'kysely';
import type { ConversationScope } from '../domain/access.js';
import { scopeCondition } from './conversation-scope-sql.js';
import type { Schema } from './schema.js';

export interface ChurnSignalRow {
  readonly contactId: string;
  readonly contactName: string | null;
  /** The contact's `value` attribute when it is a number (0..1 by convention, as the fair queue reads it). */
  readonly customerValue: number | null;
  readonly conversationId: string;
  readonly channel: string;
  readonly lastMessageAt: Date;
  readonly cancelMessages: number;
  readonly negativeMessages: number;
  readonly complaintMessages: number;
  readonly isResolved: boolean;
}

export async function readChurnSignals(
  db: Kysely<Schema>,
  query: { readonly since: Date; readonly until: Date; readonly scope?: ConversationScope },
): Promise<readonly ChurnSignalRow[]> {
  const scope = scopeCondition(query.scope ?? { kind: 'all' });
  const rows = await sql<{
    contact_id: string;
    display_name: string | null;
    value: unknown;
    id: string;
    channel: string;
    last_message_at: Date;
    cancel: number;
    negative: number;
    complaint: number;
    resolved: boolean;
  }>`
    select c.contact_id, ct.display_name, ct.attributes->'value' as value, c.id, a.kind as channel, c.last_message_at,
      count(*) filter (where m.triage->'intent'->>'value' = 'cancel')::int as cancel,
      count(*) filter (where m.sentiment = 'negative')::int as negative,
      count(*) filter (where m.triage->'complaint'->>'value' = 'true')::int as complaint,
      c.status in ('resolved', 'closed') as resolved
    from conversation c
      join contact ct on ct.id = c.contact_id
      join channel_account a on a.id = c.channel_account_id
      join message m on m.conversation_id = c.id and m.direction = 'inbound'
    where c.first_inbound_at >= ${query.since} and c.first_inbound_at < ${query.until} and ${scope}
    group by c.contact_id, ct.display_name, ct.attributes, c.id, a.kind, c.last_message_at, c.status
    having count(*) filter (where m.triage->'intent'->>'value' = 'cancel' or m.sentiment = 'negative' or m.triage->'complaint'->>'value' = 'true') > 0
    order by c.contact_id, c.last_message_at`.execute(db);
  return rows.rows.map((r) => {
    const value = typeof r.value === 'string' ? (JSON.parse(r.value) as unknown) : r.value;
    return {
      contactId: r.contact_id,
      contactName: r.display_name,
      customerValue: typeof value === 'number' && Number.isFinite(value) ? value : null,
      conversationId: r.id,
      channel: r.channel,
      lastMessageAt: new Date(r.last_message_at),
      cancelMessages: r.cancel,
      negativeMessages: r.negative,
      complaintMessages: r.complaint,
      isResolved: r.resolved,
    };
  });
}
