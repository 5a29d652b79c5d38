// Login sessions behind the web app's cookie: the cookie value is a random token, the row holds its hash, the
// CSRF token the app must echo in a header, an absolute expiry and an idle expiry.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { AgentId, EpochMs } from '../domain/ids.js';
import { agentFromRow, type Agent } from './agent-store.js';
import { hashCredentialToken, newCredentialToken } from './credential-token.js';
import type { Schema } from './schema.js';

export interface SessionPolicy {
  /** Absolute lifetime from login. */
  readonly ttlMs: number;
  /** A session unused this long expires. */
  readonly idleMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { ttlMs: 7 * 86_400_000, idleMs: 12 * 3_600_000 };

export interface NewSession {
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: EpochMs;
}

export async function createSession(db: Kysely<Schema>, agentId: AgentId, now: EpochMs, policy: SessionPolicy = DEFAULT_SESSION_POLICY): Promise<NewSession> {
  const token = newCredentialToken('ess_');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = now + policy.ttlMs;
  // Expired rows are otherwise removed only when presented again; each login sweeps its agent's.
  await sql`delete from session where agent_id = ${agentId} and (expires_at <= ${new Date(now)} or last_seen_at <= ${new Date(now - policy.idleMs)})`.execute(db);
  await sql`insert into session (token_hash, agent_id, csrf_token, created_at, last_seen_at, expires_at)
    values (${hashCredentialToken(token)}, ${agentId}, ${csrfToken}, ${new Date(now)}, ${new Date(now)}, ${new Date(expiresAt)})`.execute(db);
  return { token, csrfToken, expiresAt };
}

export type SessionLookup =
  | { readonly kind: 'valid'; readonly agent: Agent; readonly csrfToken: string; readonly expiresAt: EpochMs }
  | { readonly kind: 'expired' }
  | { readonly kind: 'unknown' };

export async function resolveSession(db: Kysely<Schema>, token: string, now: EpochMs, policy: SessionPolicy = DEFAULT_SESSION_POLICY): Promise<SessionLookup> {
  const hash = hashCredentialToken(token);
  const rows = await sql<{ csrf_token: string; expires_at: Date; last_seen_at: Date; id: string; organisation_id: string; email: string; name: string; role: string; disabled_at: Date | null; created_at: Date; team_ids: string[] }>`
    select s.csrf_token, s.expires_at, s.last_seen_at, a.id, a.organisation_id, a.email, a.name, a.role, a.disabled_at, a.created_at,
      coalesce((select array_agg(tm.team_id::text order by tm.team_id) from team_member tm where tm.agent_id = a.id), '{}') as team_ids
    from session s join agent a on a.id = s.agent_id where s.token_hash = ${hash}`.execute(db);
  const row = rows.rows[0];
  if (!row) return { kind: 'unknown' };
  const expiresAt = new Date(row.expires_at).getTime();
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (expiresAt <= now || lastSeen + policy.idleMs <= now || row.disabled_at !== null) {
    await sql`delete from session where token_hash = ${hash}`.execute(db);
    return { kind: 'expired' };
  }
  // One write a minute at most per session keeps reads cheap.
  if (now - lastSeen > 60_000) await sql`update session set last_seen_at = ${new Date(now)} where token_hash = ${hash}`.execute(db);
  return { kind: 'valid', agent: agentFromRow(row), csrfToken: row.csrf_token, expiresAt };
}

export async function deleteSession(db: Kysely<Schema>, token: string): Promise<void> {
  await sql`delete from session where token_hash = ${hashCredentialToken(token)}`.execute(db);
}
