// Channel accounts as the CLI, API and connectors see them: readable settings as JSON, credentials sealed with
// the desk's key, the poll cursor. Removing an account with history keeps the history (PROTOCOLS.md §14.4).
import { sql, type Kysely } from 'kysely';
import { ConflictError } from '../domain/errors.js';
import type { ChannelAccountId, EpochMs, OrganisationId } from '../domain/ids.js';
import { toPgJson } from './pg-json.js';
import type { Schema } from './schema.js';
import { openSecrets, sealSecrets } from './secret-box.js';

export interface ChannelAccountSummary {
  readonly id: ChannelAccountId;
  readonly organisationId: OrganisationId;
  readonly kind: string;
  readonly name: string;
  /** Readable settings only; secrets never leave the store except through `loadChannelAccount`. */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly hasSecrets: boolean;
  readonly createdAt: EpochMs;
}

export interface ChannelAccountConfig extends ChannelAccountSummary {
  /** Settings and decrypted secrets merged: what the channel's config schema parses. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly pollCursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Marks a removed account whose conversations are kept; it no longer receives or sends. */
const REMOVED = 'removedAt';

interface Row {
  id: string;
  organisation_id: string;
  kind: string;
  name: string;
  settings: unknown;
  secrets: Buffer | Uint8Array | null;
  poll_cursor: string | null;
  created_at: Date | string;
}

function summary(r: Row): ChannelAccountSummary {
  const settings = (typeof r.settings === 'string' ? JSON.parse(r.settings) : r.settings) as Record<string, unknown>;
  return {
    id: r.id as ChannelAccountId,
    organisationId: r.organisation_id as OrganisationId,
    kind: r.kind,
    name: r.name,
    settings,
    hasSecrets: r.secrets !== null,
    createdAt: new Date(r.created_at).getTime(),
  };
}

export interface NewChannelAccount {
  readonly organisationId: OrganisationId;
  readonly kind: string;
  readonly name: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly secrets: Readonly<Record<string, unknown>>;
}

export async function createChannelAccount(db: Kysely<Schema>, key: Buffer, input: NewChannelAccount): Promise<ChannelAccountSummary> {
  // The id is chosen here so the sealed secrets can be bound to it.
  const id = crypto.randomUUID();
  const sealed = Object.keys(input.secrets).length > 0 ? sealSecrets(key, id, input.secrets) : null;
  const rows = await sql<Row>`
    insert into channel_account (id, organisation_id, kind, name, settings, secrets)
    values (${id}, ${input.organisationId}, ${input.kind}, ${input.name}, ${toPgJson(input.settings)}::jsonb, ${sealed})
    on conflict (organisation_id, name) do nothing
    returning id, organisation_id, kind, name, settings, secrets, poll_cursor, created_at`.execute(db);
  const row = rows.rows[0];
  if (!row) throw new ConflictError('CHANNEL_ACCOUNT_EXISTS', `a channel account named "${input.name}" already exists; choose another --name or remove it first`);
  return summary(row);
}

export async function listChannelAccounts(db: Kysely<Schema>, organisationId?: OrganisationId): Promise<readonly ChannelAccountSummary[]> {
  const rows = await sql<Row>`
    select id, organisation_id, kind, name, settings, secrets, poll_cursor, created_at from channel_account
    where not (settings ? ${REMOVED}) ${organisationId === undefined ? sql`` : sql`and organisation_id = ${organisationId}`}
    order by created_at, name`.execute(db);
  return rows.rows.map(summary);
}

/** Finds an account by id or by name; removed accounts are not found. */
export async function findChannelAccount(db: Kysely<Schema>, idOrName: string): Promise<ChannelAccountSummary | null> {
  const rows = await sql<Row>`
    select id, organisation_id, kind, name, settings, secrets, poll_cursor, created_at from channel_account
    where ${UUID.test(idOrName) ? sql`id = ${idOrName}::uuid` : sql`name = ${idOrName}`} and not (settings ? ${REMOVED})
    limit 1`.execute(db);
  const row = rows.rows[0];
  return row ? summary(row) : null;
}

/** The account with its secrets decrypted, for building its connector; null when absent or removed. */
export async function loadChannelAccount(db: Kysely<Schema>, key: Buffer, id: string): Promise<ChannelAccountConfig | null> {
  if (!UUID.test(id)) return null;
  const rows = await sql<Row>`
    select id, organisation_id, kind, name, settings, secrets, poll_cursor, created_at from channel_account
    where id = ${id}::uuid and not (settings ? ${REMOVED})`.execute(db);
  const row = rows.rows[0];
  if (!row) return null;
  const s = summary(row);
  const secrets = row.secrets === null ? {} : openSecrets(key, row.id, Buffer.from(row.secrets));
  return { ...s, config: { ...s.settings, ...secrets }, pollCursor: row.poll_cursor };
}

export type RemoveOutcome = { readonly kind: 'deleted' } | { readonly kind: 'retired'; readonly conversations: number } | { readonly kind: 'not-found' };

/**
 * Deletes an account without history; one with conversations is retired instead: secrets wiped, marked removed,
 * its conversations and messages kept and still readable.
 */
export async function removeChannelAccount(db: Kysely<Schema>, id: ChannelAccountId): Promise<RemoveOutcome> {
  return db.transaction().execute(async (trx) => {
    const found = await sql<{ n: number }>`
      select (select count(*)::int from conversation where channel_account_id = ${id}) +
             (select count(*)::int from raw_inbound where channel_account_id = ${id}) as n
      from channel_account where id = ${id} and not (settings ? ${REMOVED}) for update`.execute(trx);
    const row = found.rows[0];
    if (!row) return { kind: 'not-found' } as const;
    if (row.n === 0) {
      await sql`delete from webchat_frame where channel_account_id = ${id}`.execute(trx);
      await sql`delete from channel_account where id = ${id}`.execute(trx);
      return { kind: 'deleted' } as const;
    }
    await sql`
      update channel_account set secrets = null, poll_cursor = null,
        settings = settings || jsonb_build_object(${REMOVED}::text, now()::text),
        name = name || ' (removed ' || ${id}::text || ')'
      where id = ${id}`.execute(trx);
    const conversations = await sql<{ n: number }>`select count(*)::int as n from conversation where channel_account_id = ${id}`.execute(trx);
    return { kind: 'retired', conversations: conversations.rows[0]?.n ?? 0 } as const;
  });
}

/** Persists where the next poll of an account starts; written only after the page's items are stored. */
export async function savePollCursor(db: Kysely<Schema>, id: ChannelAccountId, cursor: string | null): Promise<void> {
  await sql`update channel_account set poll_cursor = ${cursor} where id = ${id}`.execute(db);
}

/** The stored cursor, read fresh (not from a cached account): pollers resume from it after a restart. */
export async function loadPollCursor(db: Kysely<Schema>, id: ChannelAccountId): Promise<string | null> {
  const rows = await sql<{ poll_cursor: string | null }>`select poll_cursor from channel_account where id = ${id}`.execute(db);
  return rows.rows[0]?.poll_cursor ?? null;
}
