// One migration set for PGlite and PostgreSQL, applied on start and by `earshot migrate`.
import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import { SetupError } from '../domain/errors.js';
import type { Schema } from './schema.js';
import * as m0001 from './migrations/0001-initial.js';
import * as m0002 from './migrations/0002-accounts.js';
import * as m0003 from './migrations/0003-channels.js';
import * as m0004 from './migrations/0004-workflow.js';
import * as m0006 from './migrations/0006-replies.js';
import * as m0007 from './migrations/0007-handoff-csat.js';
import * as m0005 from './migrations/0005-insights.js';

const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-accounts': m0002,
  '0003-channels': m0003,
  '0004-workflow': m0004,
  '0006-replies': m0006,
  '0007-handoff-csat': m0007,
  '0005-insights': m0005,
};

function migrator(db: Kysely<Schema>): Migrator {
  // Unordered: 0002 and 0003 were written in parallel, so a data dir may already hold 0003 when 0002 arrives.
  return new Migrator({ db: db as unknown as Kysely<unknown>, allowUnorderedMigrations: true, provider: { getMigrations: async () => MIGRATIONS } });
}

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly current: boolean;
}

/** Applies pending migrations; concurrent starters are serialised by Kysely's migration lock. */
export async function migrateToLatest(db: Kysely<Schema>): Promise<MigrationReport> {
  const result: MigrationResultSet = await migrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new SetupError('STORE_MIGRATION_FAILED', `migration ${failed} failed: ${String((result.error as Error).message ?? result.error)}`, {
      cause: result.error,
    });
  }
  return { applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName), current: true };
}

/** Names of migrations not yet applied; empty when the schema is current. */
export async function pendingMigrations(db: Kysely<Schema>): Promise<readonly string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
