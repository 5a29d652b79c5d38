// Per-organisation settings: one JSON object, validated by the server's contract before it is written.
import { sql, type Kysely } from 'kysely';
import { toPgJson } from './pg-json.js';
import type { Schema } from './schema.js';

export async function readOrganisationSettings(db: Kysely<Schema>, organisationId: string): Promise<unknown> {
  const rows = await sql<{ settings: unknown }>`select settings from organisation where id = ${organisationId}::uuid`.execute(db);
  const s = rows.rows[0]?.settings ?? {};
  return typeof s === 'string' ? (JSON.parse(s) as unknown) : s;
}

/** Shallow merge of `patch` into the stored settings; returns the result. */
export async function updateOrganisationSettings(db: Kysely<Schema>, organisationId: string, patch: Readonly<Record<string, unknown>>): Promise<unknown> {
  const rows = await sql<{ settings: unknown }>`update organisation set settings = settings || ${toPgJson(patch)}::jsonb
    where id = ${organisationId}::uuid returning settings`.execute(db);
  const s = rows.rows[0]?.settings ?? {};
  return typeof s === 'string' ? (JSON.parse(s) as unknown) : s;
}
