// The first-admin setup link of a fresh install: a one-time, expiring token, printed at start while the
// organisation has no agent; using it creates the first admin.
import { sql, type Kysely } from 'kysely';
import { ConflictError, EarshotError } from '../domain/errors.js';
import type { EpochMs, OrganisationId } from '../domain/ids.js';
import { checkPasswordStrength, createAgent, type Agent } from './agent-store.js';
import { hashCredentialToken, newCredentialToken } from './credential-token.js';
import type { Schema } from './schema.js';

export const SETUP_LINK_TTL_MS = 24 * 3_600_000;

/** A fresh setup token while the organisation has no agent (earlier unused links stop working); null otherwise. */
export async function issueSetupToken(db: Kysely<Schema>, organisationId: OrganisationId, now: EpochMs): Promise<string | null> {
  const token = newCredentialToken('esu_');
  return db.transaction().execute(async (trx) => {
    const agents = await sql<{ n: number }>`select count(*)::int as n from agent where organisation_id = ${organisationId}`.execute(trx);
    if ((agents.rows[0]?.n ?? 0) > 0) return null;
    await sql`delete from setup_token where organisation_id = ${organisationId} and used_at is null`.execute(trx);
    await sql`insert into setup_token (token_hash, organisation_id, created_at, expires_at)
      values (${hashCredentialToken(token)}, ${organisationId}, ${new Date(now)}, ${new Date(now + SETUP_LINK_TTL_MS)})`.execute(trx);
    return token;
  });
}

export async function isSetupNeeded(db: Kysely<Schema>, organisationId: OrganisationId): Promise<boolean> {
  const agents = await sql<{ n: number }>`select count(*)::int as n from agent where organisation_id = ${organisationId}`.execute(db);
  return (agents.rows[0]?.n ?? 0) === 0;
}

export interface FirstAdmin {
  readonly token: string;
  readonly email: string;
  readonly name: string;
  readonly password: string;
  readonly now: EpochMs;
}

/** Spends the setup token and creates the first admin; a second use, an expired link or an existing agent fail. */
export async function completeSetup(db: Kysely<Schema>, organisationId: OrganisationId, input: FirstAdmin): Promise<Agent> {
  checkPasswordStrength(input.password);
  const spent = await sql<{ token_hash: string }>`
    update setup_token set used_at = ${new Date(input.now)}
    where token_hash = ${hashCredentialToken(input.token)} and organisation_id = ${organisationId}
      and used_at is null and expires_at > ${new Date(input.now)}
    returning token_hash`.execute(db);
  if (spent.rows.length === 0) throw new EarshotError('AUTH_SETUP_LINK_INVALID', 'the setup link is unknown, expired or already used; restart earshot to print a new one');
  if (!(await isSetupNeeded(db, organisationId))) throw new ConflictError('AUTH_SETUP_DONE', 'the desk already has agents; ask an admin to add you');
  return createAgent(db, { organisationId, email: input.email, name: input.name, role: 'admin', password: input.password });
}
