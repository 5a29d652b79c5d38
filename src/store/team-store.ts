// Teams, their members and their queues: the directory that decides which conversations an agent sees.
import { sql, type Kysely } from 'kysely';
import type { AssignmentStrategy } from '../domain/assignment.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import type { AgentId, EpochMs, OrganisationId, QueueId, TeamId } from '../domain/ids.js';
import { isUuid } from './agent-store.js';
import type { Schema } from './schema.js';

export interface Team {
  readonly id: TeamId;
  readonly name: string;
  readonly memberIds: readonly AgentId[];
  readonly createdAt: EpochMs;
}

export interface Queue {
  readonly id: QueueId;
  readonly name: string;
  readonly teamId: TeamId | null;
  readonly isDefault: boolean;
  /** How its conversations find an agent (workflow step). */
  readonly assignment: AssignmentStrategy;
  /** A skill its conversations need from the agent, or null. */
  readonly skill: string | null;
  readonly createdAt: EpochMs;
}

export async function createTeam(db: Kysely<Schema>, organisationId: OrganisationId, name: string): Promise<Team> {
  const rows = await sql<{ id: string; created_at: Date }>`
    insert into team (organisation_id, name) values (${organisationId}, ${name})
    on conflict (organisation_id, name) do nothing returning id, created_at`.execute(db);
  const row = rows.rows[0];
  if (!row) throw new ConflictError('TEAM_EXISTS', `a team named "${name}" already exists`);
  return { id: row.id as TeamId, name, memberIds: [], createdAt: new Date(row.created_at).getTime() };
}

export async function listTeams(db: Kysely<Schema>, organisationId: OrganisationId): Promise<readonly Team[]> {
  const rows = await sql<{ id: string; name: string; created_at: Date; member_ids: string[] }>`
    select t.id, t.name, t.created_at,
      coalesce((select array_agg(tm.agent_id::text order by tm.agent_id) from team_member tm where tm.team_id = t.id), '{}') as member_ids
    from team t where t.organisation_id = ${organisationId} order by t.name`.execute(db);
  return rows.rows.map((r) => ({ id: r.id as TeamId, name: r.name, memberIds: r.member_ids as AgentId[], createdAt: new Date(r.created_at).getTime() }));
}

/** By id or by name. */
export async function findTeam(db: Kysely<Schema>, organisationId: OrganisationId, idOrName: string): Promise<Team | null> {
  const teams = await listTeams(db, organisationId);
  return teams.find((t) => t.id === idOrName || t.name === idOrName) ?? null;
}

export async function addTeamMember(db: Kysely<Schema>, organisationId: OrganisationId, teamId: string, agentId: string): Promise<void> {
  if (!isUuid(teamId)) throw new NotFoundError('TEAM_NOT_FOUND', `team ${teamId} does not exist`);
  if (!isUuid(agentId)) throw new NotFoundError('AGENT_NOT_FOUND', `agent ${agentId} does not exist`);
  const found = await sql<{ team: boolean; agent: boolean }>`
    select exists (select 1 from team where id = ${teamId} and organisation_id = ${organisationId}) as team,
           exists (select 1 from agent where id = ${agentId} and organisation_id = ${organisationId}) as agent`.execute(db);
  if (!found.rows[0]?.team) throw new NotFoundError('TEAM_NOT_FOUND', `team ${teamId} does not exist`);
  if (!found.rows[0]?.agent) throw new NotFoundError('AGENT_NOT_FOUND', `agent ${agentId} does not exist`);
  await sql`insert into team_member (team_id, agent_id) values (${teamId}, ${agentId}) on conflict do nothing`.execute(db);
}

export async function removeTeamMember(db: Kysely<Schema>, teamId: string, agentId: string): Promise<boolean> {
  if (!isUuid(teamId) || !isUuid(agentId)) return false;
  const r = await sql`delete from team_member where team_id = ${teamId} and agent_id = ${agentId}`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function createQueue(db: Kysely<Schema>, organisationId: OrganisationId, input: { name: string; teamId: string | null }): Promise<Queue> {
  if (input.teamId !== null) {
    const team = isUuid(input.teamId) ? await sql`select 1 from team where id = ${input.teamId} and organisation_id = ${organisationId}`.execute(db) : { rows: [] };
    if (team.rows.length === 0) throw new NotFoundError('TEAM_NOT_FOUND', `team ${input.teamId} does not exist`);
  }
  const rows = await sql<{ id: string; created_at: Date }>`
    insert into queue (organisation_id, name, team_id) values (${organisationId}, ${input.name}, ${input.teamId})
    on conflict (organisation_id, name) do nothing returning id, created_at`.execute(db);
  const row = rows.rows[0];
  if (!row) throw new ConflictError('QUEUE_EXISTS', `a queue named "${input.name}" already exists`);
  return { id: row.id as QueueId, name: input.name, teamId: input.teamId as TeamId | null, isDefault: false, assignment: 'manual', skill: null, createdAt: new Date(row.created_at).getTime() };
}

export async function listQueues(db: Kysely<Schema>, organisationId: OrganisationId): Promise<readonly Queue[]> {
  const rows = await sql<{ id: string; name: string; team_id: string | null; is_default: boolean; assignment: AssignmentStrategy; skill: string | null; created_at: Date }>`
    select id, name, team_id, is_default, assignment, skill, created_at from queue where organisation_id = ${organisationId} order by is_default desc, name`.execute(db);
  return rows.rows.map((r) => ({
    id: r.id as QueueId,
    name: r.name,
    teamId: r.team_id as TeamId | null,
    isDefault: r.is_default,
    assignment: r.assignment,
    skill: r.skill,
    createdAt: new Date(r.created_at).getTime(),
  }));
}

export async function loadQueue(db: Kysely<Schema>, organisationId: OrganisationId, id: string): Promise<Queue | null> {
  if (!isUuid(id)) return null;
  return (await listQueues(db, organisationId)).find((q) => q.id === id) ?? null;
}

function teamMissing(id: string): NotFoundError {
  return new NotFoundError('TEAM_NOT_FOUND', `team ${id} does not exist`);
}

export async function renameTeam(db: Kysely<Schema>, organisationId: OrganisationId, id: string, name: string): Promise<Team> {
  if (!isUuid(id)) throw teamMissing(id);
  const clash = await sql`select 1 from team where organisation_id = ${organisationId} and name = ${name} and id <> ${id}`.execute(db);
  if (clash.rows.length > 0) throw new ConflictError('TEAM_EXISTS', `a team named "${name}" already exists`);
  const r = await sql`update team set name = ${name} where id = ${id} and organisation_id = ${organisationId}`.execute(db);
  if (Number(r.numAffectedRows ?? 0) === 0) throw teamMissing(id);
  return (await listTeams(db, organisationId)).find((t) => t.id === id)!;
}

/**
 * Deletes a team that no queue belongs to. Its queues are not silently made team-less: that would show their
 * conversations to every lead, so the admin moves or deletes them first.
 */
export async function deleteTeam(db: Kysely<Schema>, organisationId: OrganisationId, id: string): Promise<void> {
  if (!isUuid(id)) throw teamMissing(id);
  await db.transaction().execute(async (trx) => {
    const team = await sql`select 1 from team where id = ${id} and organisation_id = ${organisationId} for update`.execute(trx);
    if (team.rows.length === 0) throw teamMissing(id);
    const queues = await sql<{ name: string }>`select name from queue where team_id = ${id} order by name`.execute(trx);
    if (queues.rows.length > 0) {
      const names = queues.rows.map((q) => q.name);
      throw new ConflictError('TEAM_IN_USE', `the team still owns queues ${names.map((n) => `"${n}"`).join(', ')}; move them to another team or delete them first`, {
        details: { queues: names },
      });
    }
    await sql`delete from team where id = ${id}`.execute(trx);
  });
}

function queueMissing(id: string): NotFoundError {
  return new NotFoundError('QUEUE_NOT_FOUND', `queue ${id} does not exist`);
}

export async function updateQueue(
  db: Kysely<Schema>,
  organisationId: OrganisationId,
  id: string,
  change: { readonly name?: string; readonly teamId?: string | null },
): Promise<Queue> {
  if (!isUuid(id)) throw queueMissing(id);
  if (change.teamId !== undefined && change.teamId !== null) {
    const team = isUuid(change.teamId) ? await sql`select 1 from team where id = ${change.teamId} and organisation_id = ${organisationId}`.execute(db) : { rows: [] };
    if (team.rows.length === 0) throw teamMissing(change.teamId);
  }
  if (change.name !== undefined) {
    const clash = await sql`select 1 from queue where organisation_id = ${organisationId} and name = ${change.name} and id <> ${id}`.execute(db);
    if (clash.rows.length > 0) throw new ConflictError('QUEUE_EXISTS', `a queue named "${change.name}" already exists`);
  }
  const r = await sql`update queue set
      name = coalesce(${change.name ?? null}, name),
      team_id = case when ${change.teamId !== undefined} then ${change.teamId ?? null}::uuid else team_id end
    where id = ${id} and organisation_id = ${organisationId}`.execute(db);
  if (Number(r.numAffectedRows ?? 0) === 0) throw queueMissing(id);
  return (await loadQueue(db, organisationId, id))!;
}

/** Deletes a queue; its conversations move to the organisation's default queue, so none is orphaned. */
export async function deleteQueue(db: Kysely<Schema>, organisationId: OrganisationId, id: string): Promise<{ readonly movedConversations: number }> {
  if (!isUuid(id)) throw queueMissing(id);
  return db.transaction().execute(async (trx) => {
    const q = await sql<{ is_default: boolean }>`select is_default from queue where id = ${id} and organisation_id = ${organisationId} for update`.execute(trx);
    if (!q.rows[0]) throw queueMissing(id);
    if (q.rows[0].is_default) throw new ConflictError('QUEUE_IN_USE', 'the default queue receives every unrouted conversation and cannot be deleted');
    const moved = await sql`update conversation set queue_id = (select d.id from queue d where d.organisation_id = ${organisationId} and d.is_default), updated_at = now()
      where queue_id = ${id}`.execute(trx);
    await sql`delete from queue where id = ${id}`.execute(trx);
    return { movedConversations: Number(moved.numAffectedRows ?? 0) };
  });
}
