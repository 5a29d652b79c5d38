// Who is viewing or typing in a conversation (collision detection): rows with an expiry renewed by heartbeats,
// announced to every API process by NOTIFY; expired rows simply stop being listed.
import { sql, type Kysely } from 'kysely';
import type { AgentId, EpochMs } from '../domain/ids.js';
import { publishPresence } from './event-feed-store.js';
import type { Schema } from './schema.js';

export const PRESENCE_STATES = ['viewing', 'typing'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

export interface Presence {
  readonly conversationId: string;
  readonly agentId: AgentId;
  readonly agentName: string;
  readonly state: PresenceState | 'left';
  readonly expiresAt: EpochMs;
}

export async function heartbeatPresence(
  db: Kysely<Schema>,
  input: { organisationId: string; conversationId: string; agentId: AgentId; state: PresenceState; now: EpochMs; ttlMs: number },
): Promise<Presence> {
  const expiresAt = input.now + input.ttlMs;
  await sql`insert into presence (conversation_id, agent_id, state, expires_at)
    values (${input.conversationId}::uuid, ${input.agentId}::uuid, ${input.state}, ${new Date(expiresAt)})
    on conflict (conversation_id, agent_id) do update set state = excluded.state, expires_at = excluded.expires_at`.execute(db);
  const name = await sql<{ name: string }>`select name from agent where id = ${input.agentId}::uuid`.execute(db);
  const presence: Presence = { conversationId: input.conversationId, agentId: input.agentId, agentName: name.rows[0]?.name ?? '', state: input.state, expiresAt };
  await publishPresence(db, { organisationId: input.organisationId, ...presence });
  return presence;
}

export async function leavePresence(db: Kysely<Schema>, input: { organisationId: string; conversationId: string; agentId: AgentId; now: EpochMs }): Promise<void> {
  await sql`delete from presence where conversation_id = ${input.conversationId}::uuid and agent_id = ${input.agentId}::uuid`.execute(db);
  const name = await sql<{ name: string }>`select name from agent where id = ${input.agentId}::uuid`.execute(db);
  await publishPresence(db, {
    organisationId: input.organisationId,
    conversationId: input.conversationId,
    agentId: input.agentId,
    agentName: name.rows[0]?.name ?? '',
    state: 'left',
    expiresAt: input.now,
  });
}

export async function listPresence(db: Kysely<Schema>, conversationId: string, now: EpochMs): Promise<readonly Presence[]> {
  const rows = await sql<{ agent_id: string; name: string; state: PresenceState; expires_at: Date }>`
    select p.agent_id, a.name, p.state, p.expires_at from presence p join agent a on a.id = p.agent_id
    where p.conversation_id = ${conversationId}::uuid and p.expires_at > ${new Date(now)} order by a.name`.execute(db);
  return rows.rows.map((r) => ({ conversationId, agentId: r.agent_id as AgentId, agentName: r.name, state: r.state, expiresAt: new Date(r.expires_at).getTime() }));
}
