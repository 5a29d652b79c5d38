// Opens the store: embedded PGlite under the data dir, or a PostgreSQL server when DATABASE_URL is set.
// This is the one place that decides between the two; everything above sees the same Kysely<Schema>.
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { SetupError } from '../domain/errors.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { PgliteDialect } from './pglite-dialect.js';
import type { Schema } from './schema.js';

export type Engine = 'pglite' | 'postgres';

export interface DatabaseOptions {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** Pool size on PostgreSQL; PGlite is always one connection. */
  readonly poolSize?: number;
  /** An in-memory PGlite for tests that need no persistence (no lock, no files). */
  readonly inMemory?: boolean;
}

export interface Database {
  readonly db: Kysely<Schema>;
  readonly engine: Engine;
  /** Present on the embedded engine, so the desk can publish its URL for CLI hand-over. */
  readonly lock: DataDirLock | undefined;
  /** Raw PostgreSQL connection string (bench `COPY`, LISTEN); undefined on PGlite. */
  readonly databaseUrl: string | undefined;
  /** Direct PGlite handle for the embedded bench baseline; undefined on PostgreSQL. */
  readonly pglite: PGlite | undefined;
  close(): Promise<void>;
}

// Timestamps and int8 come back as Date and string by default in pg; counts are cast to int in SQL instead.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => v);

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle pooled connection the server ends (restart, failover, a dropped database) is reported here; the pool
    // has already discarded it and opens a new one on the next query. Without a listener it would crash the process.
    pool.on('error', () => undefined);
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    try {
      await sql`select 1`.execute(db);
    } catch (cause) {
      await db.destroy();
      const where = options.databaseUrl.replace(/:\/\/[^@]*@/, '://***@');
      throw new SetupError('STORE_UNREACHABLE', `cannot reach PostgreSQL at ${where}: ${(cause as Error).message}`, { cause });
    }
    return {
      db,
      engine: 'postgres',
      lock: undefined,
      databaseUrl: options.databaseUrl,
      pglite: undefined,
      close: () => db.destroy(),
    };
  }
  const lock = options.inMemory ? undefined : acquireDataDirLock(options.dataDir);
  let pglite: PGlite;
  try {
    pglite = options.inMemory ? new PGlite() : new PGlite(join(options.dataDir, 'pgdata'));
    await pglite.waitReady;
  } catch (cause) {
    lock?.release();
    throw new SetupError('STORE_UNREACHABLE', `cannot open the embedded database in ${options.dataDir}: ${(cause as Error).message}`, {
      cause,
    });
  }
  const db = new Kysely<Schema>({ dialect: new PgliteDialect(pglite) });
  let closed = false;
  return {
    db,
    engine: 'pglite',
    lock,
    databaseUrl: undefined,
    pglite,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await pglite.close();
      lock?.release();
    },
  };
}
