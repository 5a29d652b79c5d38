// Agents (the people working the desk): creation with a hashed password, loading with their teams, and password
// login with the lock-out policy of domain/login-throttle.
import { sql, type Kysely } from 'kysely';
import type { AgentRole } from '../domain/access.js';
import { ConflictError, InputError, NotFoundError } from '../domain/errors.js';
import type { AgentId, EpochMs, OrganisationId, TeamId } from '../domain/ids.js';
import { afterLoginFailure, loginGate, type LoginThrottlePolicy, DEFAULT_LOGIN_THROTTLE } from '../domain/login-throttle.js';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from './password-hash.js';
import type { Schema } from './schema.js';

export interface Agent {
  readonly id: AgentId;
  readonly organisationId: OrganisationId;
  readonly email: string;
  readonly name: string;
  readonly role: AgentRole;
  readonly teamIds: readonly TeamId[];
  readonly disabled: boolean;
  readonly createdAt: EpochMs;
}

interface AgentRow {
  id: string;
  organisation_id: string;
  email: string;
  name: string;
  role: string;
  disabled_at: Date | string | null;
  created_at: Date | string;
  team_ids: string[] | null;
}

const AGENT_COLUMNS = sql`a.id, a.organisation_id, a.email, a.name, a.role, a.disabled_at, a.created_at,
  coalesce((select array_agg(tm.team_id::text order by tm.team_id) from team_member tm where tm.agent_id = a.id), '{}') as team_ids`;

export function agentFromRow(r: AgentRow): Agent {
  return {
    id: r.id as AgentId,
    organisationId: r.organisation_id as OrganisationId,
    email: r.email,
    name: r.name,
    role: r.role as AgentRole,
    teamIds: (r.team_ids ?? []) as TeamId[],
    disabled: r.disabled_at !== null,
    createdAt: new Date(r.created_at).getTime(),
  };
}

export function checkPasswordStrength(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw new InputError('INPUT_INVALID', `password: expected ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters; got ${password.length}`, {
      details: [{ path: 'password', message: `expected ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters` }],
    });
  }
}

export interface NewAgent {
  readonly organisationId: OrganisationId;
  readonly email: string;
  readonly name: string;
  readonly role: AgentRole;
  /** Absent: the agent cannot log in with a password (API tokens only) until one is set. */
  readonly password?: string;
  readonly teamIds?: readonly TeamId[];
}

export async function createAgent(db: Kysely<Schema>, input: NewAgent): Promise<Agent> {
  if (input.password !== undefined) checkPasswordStrength(input.password);
  const hash = input.password === undefined ? null : await hashPassword(input.password);
  const email = input.email.trim().toLowerCase();
  return db.transaction().execute(async (trx) => {
    const inserted = await sql<{ id: string }>`
      insert into agent (organisation_id, email, name, role, password_hash)
      values (${input.organisationId}, ${email}, ${input.name}, ${input.role}, ${hash})
      on conflict (organisation_id, email) do nothing returning id`.execute(trx);
    const id = inserted.rows[0]?.id;
    if (!id) throw new ConflictError('AGENT_EXISTS', `an agent with email ${email} already exists`);
    for (const teamId of input.teamIds ?? []) {
      const team = await sql`select 1 from team where id = ${teamId} and organisation_id = ${input.organisationId}`.execute(trx);
      if (team.rows.length === 0) throw new NotFoundError('TEAM_NOT_FOUND', `team ${teamId} does not exist`);
      await sql`insert into team_member (team_id, agent_id) values (${teamId}, ${id}) on conflict do nothing`.execute(trx);
    }
    const row = await sql<AgentRow>`select ${AGENT_COLUMNS} from agent a where a.id = ${id}`.execute(trx);
    return agentFromRow(row.rows[0]!);
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

export async function loadAgent(db: Kysely<Schema>, id: string): Promise<Agent | null> {
  if (!isUuid(id)) return null;
  const rows = await sql<AgentRow>`select ${AGENT_COLUMNS} from agent a where a.id = ${id}`.execute(db);
  return rows.rows[0] ? agentFromRow(rows.rows[0]) : null;
}

export async function findAgentByEmail(db: Kysely<Schema>, organisationId: OrganisationId, email: string): Promise<Agent | null> {
  const rows = await sql<AgentRow>`select ${AGENT_COLUMNS} from agent a where a.organisation_id = ${organisationId} and a.email = ${email.trim().toLowerCase()}`.execute(db);
  return rows.rows[0] ? agentFromRow(rows.rows[0]) : null;
}

export async function listAgents(db: Kysely<Schema>, organisationId: OrganisationId): Promise<readonly Agent[]> {
  const rows = await sql<AgentRow>`select ${AGENT_COLUMNS} from agent a where a.organisation_id = ${organisationId} order by a.name, a.email`.execute(db);
  return rows.rows.map(agentFromRow);
}

export async function countAgents(db: Kysely<Schema>, organisationId: OrganisationId): Promise<number> {
  const rows = await sql<{ n: number }>`select count(*)::int as n from agent where organisation_id = ${organisationId}`.execute(db);
  return rows.rows[0]?.n ?? 0;
}

export type LoginOutcome =
  | { readonly kind: 'ok'; readonly agent: Agent }
  | { readonly kind: 'bad-credentials' }
  | { readonly kind: 'locked'; readonly retryAfterMs: number };

export interface LoginAttempt {
  readonly organisationId: OrganisationId;
  readonly email: string;
  readonly password: string;
  readonly now: EpochMs;
  readonly policy?: LoginThrottlePolicy;
}

/** Checks a password; failures count towards the lock-out, a success resets the count. Unknown emails cost the same time. */
export async function attemptLogin(db: Kysely<Schema>, input: LoginAttempt): Promise<LoginOutcome> {
  const rows = await sql<{ id: string; password_hash: string | null; failed_logins: number; locked_until: Date | string | null; disabled_at: unknown }>`
    select id, password_hash, failed_logins, locked_until, disabled_at from agent
    where organisation_id = ${input.organisationId} and email = ${input.email.trim().toLowerCase()}`.execute(db);
  const row = rows.rows[0];
  if (!row) {
    await verifyPassword(input.password, null);
    return { kind: 'bad-credentials' };
  }
  const state = { failedLogins: row.failed_logins, lockedUntil: row.locked_until === null ? null : new Date(row.locked_until).getTime() };
  const gate = loginGate(state, input.now);
  if (gate.kind === 'locked') return { kind: 'locked', retryAfterMs: gate.retryAfterMs };
  const ok = row.disabled_at === null && (await verifyPassword(input.password, row.password_hash));
  if (!ok) {
    const next = afterLoginFailure(state, input.now, input.policy ?? DEFAULT_LOGIN_THROTTLE);
    await sql`update agent set failed_logins = ${next.failedLogins},
      locked_until = ${next.lockedUntil === null ? null : new Date(next.lockedUntil)} where id = ${row.id}`.execute(db);
    return next.lockedUntil !== null && next.lockedUntil > input.now
      ? { kind: 'locked', retryAfterMs: next.lockedUntil - input.now }
      : { kind: 'bad-credentials' };
  }
  await sql`update agent set failed_logins = 0, locked_until = null where id = ${row.id} and failed_logins <> 0`.execute(db);
  return { kind: 'ok', agent: (await loadAgent(db, row.id))! };
}

export async function setAgentPassword(db: Kysely<Schema>, agentId: AgentId, password: string): Promise<void> {
  checkPasswordStrength(password);
  const hash = await hashPassword(password);
  await sql`update agent set password_hash = ${hash}, failed_logins = 0, locked_until = null where id = ${agentId}`.execute(db);
  // A new password ends every other session.
  await sql`delete from session where agent_id = ${agentId}`.execute(db);
}

export interface AgentPatch {
  readonly name?: string;
  readonly role?: AgentRole;
  /** true: the agent can no longer sign in; their sessions end and their API tokens stop working. */
  readonly disabled?: boolean;
  readonly password?: string;
}

export async function updateAgent(db: Kysely<Schema>, organisationId: OrganisationId, id: string, patch: AgentPatch): Promise<Agent> {
  const existing = await loadAgent(db, id);
  if (!existing || existing.organisationId !== organisationId) throw new NotFoundError('AGENT_NOT_FOUND', `agent ${id} does not exist`);
  if (patch.password !== undefined) await setAgentPassword(db, existing.id, patch.password);
  await db.transaction().execute(async (trx) => {
    if (patch.name !== undefined) await sql`update agent set name = ${patch.name} where id = ${id}::uuid`.execute(trx);
    if (patch.role !== undefined) await sql`update agent set role = ${patch.role} where id = ${id}::uuid`.execute(trx);
    if (patch.disabled === true) {
      await sql`update agent set disabled_at = coalesce(disabled_at, now()) where id = ${id}::uuid`.execute(trx);
      await sql`delete from session where agent_id = ${id}::uuid`.execute(trx);
    } else if (patch.disabled === false) await sql`update agent set disabled_at = null where id = ${id}::uuid`.execute(trx);
  });
  return (await loadAgent(db, id))!;
}
