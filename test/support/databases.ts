// Every integration suite runs on both engines: in-memory PGlite and a fresh database on the harness's PostgreSQL.
import { inject } from 'vitest';
import pg from 'pg';
import { migrateToLatest, openDatabase, type Database, type Engine } from '../../src/store/index.js';

export const ENGINES: readonly Engine[] = ['pglite', 'postgres'];

export interface TestDatabase extends Database {
  /** Connection string of this suite's own PostgreSQL database; undefined on PGlite. */
  readonly url: string | undefined;
}

export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = inject('postgresUrl');
  const name = `t_${crypto.randomUUID().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = serverUrl.replace(/\/postgres$/, `/${name}`);
  return {
    url,
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function openTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const database = await openDatabase({ databaseUrl: undefined, dataDir: '', inMemory: true });
    await migrateToLatest(database.db);
    return { ...database, url: undefined };
  }
  const created = await createPostgresDatabase();
  const database = await openDatabase({ databaseUrl: created.url, dataDir: '', poolSize: 12 });
  await migrateToLatest(database.db);
  return {
    ...database,
    url: created.url,
    async close() {
      await database.close();
      await created.drop();
    },
  };
}
