// API tokens for integrations: shown once at creation, stored as a hash, scoped read or write, revocable, with
// the time of last use.
import { sql, type Kysely } from 'kysely';
import { NotFoundError } from '../domain/errors.js';
import type { AgentId, EpochMs } from '../domain/ids.js';
import { agentFromRow, isUuid, type Agent } from './agent-store.js';
import { hashCredentialToken, newCredentialToken } from './credential-token.js';
import type { Schema } from './schema.js';

export const TOKEN_SCOPES = ['read', 'write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface ApiToken {
  readonly id: string;
  readonly agentId: AgentId;
  readonly name: string;
  readonly scope: TokenScope;
  /** The first characters of the token, to recognise it in a list. */
  readonly prefix: string;
  readonly createdAt: EpochMs;
  readonly lastUsedAt: EpochMs | null;
  readonly revokedAt: EpochMs | null;
}

interface Row {
  id: string;
  agent_id: string;
  name: string;
  scope: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}
const ms = (d: Date | string | null): EpochMs | null => (d === null ? null : new Date(d).getTime());
const fromRow = (r: Row): ApiToken => ({
  id: r.id,
  agentId: r.agent_id as AgentId,
  name: r.name,
  scope: r.scope as TokenScope,
  prefix: r.prefix,
  createdAt: ms(r.created_at)!,
  lastUsedAt: ms(r.last_used_at),
  revokedAt: ms(r.revoked_at),
});

export async function createApiToken(
  db: Kysely<Schema>,
  input: { agentId: AgentId; name: string; scope: TokenScope; now: EpochMs },
): Promise<{ token: string; apiToken: ApiToken }> {
  const token = newCredentialToken('est_');
  const rows = await sql<Row>`
    insert into api_token (agent_id, name, scope, token_hash, prefix, created_at)
    values (${input.agentId}, ${input.name}, ${input.scope}, ${hashCredentialToken(token)}, ${token.slice(0, 10)}, ${new Date(input.now)})
    returning id, agent_id, name, scope, prefix, created_at, last_used_at, revoked_at`.execute(db);
  return { token, apiToken: fromRow(rows.rows[0]!) };
}

export type TokenLookup =
  | { readonly kind: 'valid'; readonly agent: Agent; readonly tokenId: string; readonly scope: TokenScope }
  | { readonly kind: 'revoked' }
  | { readonly kind: 'unknown' };

export async function resolveApiToken(db: Kysely<Schema>, token: string, now: EpochMs): Promise<TokenLookup> {
  const rows = await sql<{ token_id: string; scope: string; revoked_at: Date | null; last_used_at: Date | null; id: string; organisation_id: string; email: string; name: string; role: string; disabled_at: Date | null; created_at: Date; team_ids: string[] }>`
    select t.id as token_id, t.scope, t.revoked_at, t.last_used_at, a.id, a.organisation_id, a.email, a.name, a.role, a.disabled_at, a.created_at,
      coalesce((select array_agg(tm.team_id::text order by tm.team_id) from team_member tm where tm.agent_id = a.id), '{}') as team_ids
    from api_token t join agent a on a.id = t.agent_id where t.token_hash = ${hashCredentialToken(token)}`.execute(db);
  const row = rows.rows[0];
  if (!row) return { kind: 'unknown' };
  if (row.revoked_at !== null || row.disabled_at !== null) return { kind: 'revoked' };
  // Last use to the minute: one write a minute per token, not one per request.
  if (row.last_used_at === null || now - new Date(row.last_used_at).getTime() > 60_000) {
    await sql`update api_token set last_used_at = ${new Date(now)} where id = ${row.token_id}`.execute(db);
  }
  return { kind: 'valid', agent: agentFromRow(row), tokenId: row.token_id, scope: row.scope as TokenScope };
}

/** Every token of one agent, or of the organisation when `agentId` is undefined; never the secrets. */
export async function listApiTokens(db: Kysely<Schema>, filter: { organisationId: string; agentId?: AgentId }): Promise<readonly ApiToken[]> {
  const rows = await sql<Row>`
    select t.id, t.agent_id, t.name, t.scope, t.prefix, t.created_at, t.last_used_at, t.revoked_at
    from api_token t join agent a on a.id = t.agent_id
    where a.organisation_id = ${filter.organisationId} ${filter.agentId === undefined ? sql`` : sql`and t.agent_id = ${filter.agentId}`}
    order by t.created_at desc`.execute(db);
  return rows.rows.map(fromRow);
}

/** Revokes a token; `ownerId` limits it to that agent's tokens (admins pass undefined). */
export async function revokeApiToken(db: Kysely<Schema>, input: { id: string; organisationId: string; ownerId?: AgentId; now: EpochMs }): Promise<ApiToken> {
  if (!isUuid(input.id)) throw new NotFoundError('API_TOKEN_NOT_FOUND', `API token ${input.id} does not exist`);
  const rows = await sql<Row>`
    update api_token t set revoked_at = coalesce(t.revoked_at, ${new Date(input.now)})
    from agent a where a.id = t.agent_id and a.organisation_id = ${input.organisationId} and t.id = ${input.id}
      ${input.ownerId === undefined ? sql`` : sql`and t.agent_id = ${input.ownerId}`}
    returning t.id, t.agent_id, t.name, t.scope, t.prefix, t.created_at, t.last_used_at, t.revoked_at`.execute(db);
  const row = rows.rows[0];
  if (!row) throw new NotFoundError('API_TOKEN_NOT_FOUND', `API token ${input.id} does not exist`);
  return fromRow(row);
}
