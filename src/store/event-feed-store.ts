// Live events: the `event` rows the pipeline and the API write, read back in id order with the team of each
// conversation's queue (so the server can filter by scope), and the LISTEN side of `pg_notify`. PGlite listens
// in-process; PostgreSQL gets one dedicated client per process, so events cross API processes.
import { sql, type Kysely, type Transaction } from 'kysely';
import pg from 'pg';
import type { EpochMs, TeamId } from '../domain/ids.js';
import type { Database } from './database.js';
import { toPgJson } from './pg-json.js';
import type { Schema } from './schema.js';

export const EVENTS_CHANNEL = 'earshot_events';
export const PRESENCE_CHANNEL = 'earshot_presence';

export interface StoredEvent {
  readonly id: string;
  readonly organisationId: string;
  readonly type: string;
  readonly agentId: string | null;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly createdAt: EpochMs;
  /** Every conversation the event is about, with the team of its queue now (null: unteamed). */
  readonly conversations: readonly { readonly id: string; readonly teamId: TeamId | null }[];
}

export interface NewEvent {
  readonly organisationId: string;
  readonly type: string;
  readonly conversationId: string | null;
  readonly agentId: string | null;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** Inside the caller's transaction, so the event commits with the change it describes. */
export async function recordEvent(trx: Transaction<Schema> | Kysely<Schema>, event: NewEvent): Promise<void> {
  await sql`insert into event (organisation_id, type, conversation_id, agent_id, payload)
    values (${event.organisationId}, ${event.type}, ${event.conversationId}, ${event.agentId}, ${toPgJson(event.payload)}::jsonb)`.execute(trx);
  await sql`select pg_notify(${EVENTS_CHANNEL}, '')`.execute(trx);
}

export async function latestEventId(db: Kysely<Schema>): Promise<string> {
  const r = await sql<{ id: string | null }>`select max(id)::text as id from event`.execute(db);
  return r.rows[0]?.id ?? '0';
}

function conversationIdsOf(row: { conversation_id: string | null; payload: Record<string, unknown> }): string[] {
  const ids = new Set<string>();
  if (row.conversation_id) ids.add(row.conversation_id);
  for (const key of ['created', 'updated'] as const) {
    const list = row.payload[key];
    if (Array.isArray(list)) for (const id of list) if (typeof id === 'string') ids.add(id);
  }
  return [...ids];
}

/** Events after `afterId`, oldest first, at most `limit`. */
export async function readEventsAfter(db: Kysely<Schema>, afterId: string, limit: number): Promise<readonly StoredEvent[]> {
  const rows = await sql<{ id: string; organisation_id: string; type: string; conversation_id: string | null; agent_id: string | null; payload: unknown; created_at: Date }>`
    select id::text, organisation_id, type, conversation_id, agent_id, payload, created_at from event
    where id > ${afterId}::bigint order by id limit ${limit}`.execute(db);
  const parsed = rows.rows.map((r) => ({ ...r, payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown> }));
  const all = [...new Set(parsed.flatMap(conversationIdsOf))];
  const teams = new Map<string, TeamId | null>();
  if (all.length > 0) {
    const t = await sql<{ id: string; team_id: string | null }>`
      select c.id, q.team_id from conversation c left join queue q on q.id = c.queue_id where c.id = any(${sql.val(all)}::uuid[])`.execute(db);
    for (const r of t.rows) teams.set(r.id, r.team_id as TeamId | null);
  }
  return parsed.map((r) => ({
    id: r.id,
    organisationId: r.organisation_id,
    type: r.type,
    agentId: r.agent_id,
    payload: r.payload,
    createdAt: new Date(r.created_at).getTime(),
    // A conversation merged away or deleted since has no row any more: nobody is told about it.
    conversations: conversationIdsOf(r)
      .filter((id) => teams.has(id))
      .map((id) => ({ id, teamId: teams.get(id) ?? null })),
  }));
}

export async function publishPresence(db: Kysely<Schema>, payload: Readonly<Record<string, unknown>>): Promise<void> {
  await sql`select pg_notify(${PRESENCE_CHANNEL}, ${toPgJson(payload)})`.execute(db);
}

export interface Listener {
  close(): Promise<void>;
}

/** Calls `onNotify(channel, payload)` for each NOTIFY on the given channels, in this process. */
export async function listenForNotifications(
  database: Database,
  channels: readonly string[],
  onNotify: (channel: string, payload: string) => void,
  onError: (err: Error) => void,
): Promise<Listener> {
  if (database.pglite) {
    const pglite = database.pglite;
    const stops = await Promise.all(channels.map((ch) => pglite.listen(ch, (payload) => onNotify(ch, payload))));
    return {
      async close() {
        await Promise.all(stops.map((stop) => stop()));
      },
    };
  }
  const client = new pg.Client({ connectionString: database.databaseUrl });
  client.on('notification', (n) => onNotify(n.channel, n.payload ?? ''));
  client.on('error', onError);
  await client.connect();
  for (const ch of channels) await client.query(`listen ${ch}`);
  return {
    async close() {
      await client.end();
    },
  };
}
