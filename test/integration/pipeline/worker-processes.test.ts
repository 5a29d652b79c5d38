import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { nodeArgs } from '../../support/tsx-node.js';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTwcsArchive } from '../../../bench/generate.js';
import { ensureChannelAccount, ensureOrganisation, migrateToLatest, openDatabase, storeRawInbound } from '../../../src/store/index.js';
import { demoItems } from '../../../bench/generate.js';
import { createPostgresDatabase } from '../../support/databases.js';

const CHILD = new URL('../../support/pipeline-child.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'earshot-proc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ROWS = 40_000;

function runChild(args: string[], killAfterProgress?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve, reject) => {
    // node --import tsx (not the tsx binary, which is a wrapper process): the PID we kill is the importer itself.
    const child = spawn(process.execPath, nodeArgs(CHILD, args), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const progress = [...out.matchAll(/progress (\d+) (\d+)/g)].at(-1);
      if (killAfterProgress !== undefined && progress && Number(progress[2]) >= killAfterProgress) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => (code && code !== 0 ? reject(new Error(`child exited ${code}: ${err}`)) : resolve({ code, signal, out })));
  });
}

async function countsFor(url: string | undefined, dataDir: string) {
  const database = await openDatabase({ databaseUrl: url, dataDir });
  try {
    const r = await sql<{ messages: number; distinct_ids: number; raw: number; pending: number }>`
      select (select count(*)::int from message) as messages,
             (select count(distinct external_id)::int from message) as distinct_ids,
             (select count(*)::int from raw_inbound) as raw,
             (select count(*)::int from raw_inbound where status = 'pending') as pending`.execute(database.db);
    return r.rows[0]!;
  } finally {
    await database.close();
  }
}

describe('pipeline worker processes', () => {
  it.each(['postgres', 'pglite'] as const)('finishes an import exactly after the importer is SIGKILLed half-way (%s)', async (engine) => {
    const file = join(dir, `kill-${engine}.csv`);
    await writeTwcsArchive(file, ROWS);
    const pgdb = engine === 'postgres' ? await createPostgresDatabase() : undefined;
    const target = pgdb?.url ?? join(dir, `pglite-${engine}`);
    try {
      const killed = await runChild(['import', target, file], 1500);
      expect(killed.signal).toBe('SIGKILL');
      const mid = await countsFor(pgdb?.url, target);
      expect(mid.messages).toBeGreaterThanOrEqual(1500);
      expect(mid.messages).toBeLessThan(ROWS);
      const rerun = await runChild(['import', target, file]);
      expect(rerun.out).toMatch(/done /);
      const end = await countsFor(pgdb?.url, target);
      expect(end).toEqual({ messages: ROWS, distinct_ids: ROWS, raw: ROWS, pending: 0 });
    } finally {
      await pgdb?.drop();
    }
  });

  it('never lets two worker processes on one PostgreSQL process the same raw row', async () => {
    const pgdb = await createPostgresDatabase();
    try {
      const database = await openDatabase({ databaseUrl: pgdb.url, dataDir: '' });
      await migrateToLatest(database.db);
      const org = await ensureOrganisation(database.db);
      const items = demoItems(12_000, 3);
      const accounts = new Map<string, Awaited<ReturnType<typeof ensureChannelAccount>>>();
      for (const item of items) {
        if (!accounts.has(item.account.name)) accounts.set(item.account.name, await ensureChannelAccount(database.db, { organisationId: org.id, kind: item.account.kind, name: item.account.name }));
      }
      for (let i = 0; i < items.length; i += 2000) {
        await storeRawInbound(
          database.db,
          items.slice(i, i + 2000).map((item) => {
            const a = accounts.get(item.account.name)!;
            return { organisationId: a.organisationId, channelAccountId: a.id, source: 'normalised', dedupeKey: null, payload: item.message };
          }),
        );
      }
      await database.close();
      await Promise.all([runChild(['drain', pgdb.url, 'worker-a']), runChild(['drain', pgdb.url, 'worker-b'])]);
      const check = await openDatabase({ databaseUrl: pgdb.url, dataDir: '' });
      const r = await sql<{ by: string; rows: number; max_attempts: number }>`
        select processed_by as by, count(*)::int as rows, max(attempts)::int as max_attempts from raw_inbound group by processed_by order by 1`.execute(check.db);
      const messages = await sql<{ n: number }>`select count(*)::int as n from message`.execute(check.db);
      await check.close();
      expect(r.rows.map((x) => x.by)).toEqual(['worker-a', 'worker-b']);
      expect(r.rows.every((x) => x.max_attempts === 1 && x.rows > 0)).toBe(true);
      expect(r.rows.reduce((s, x) => s + x.rows, 0)).toBe(12_000);
      expect(messages.rows[0]!.n).toBe(12_000);
    } finally {
      await pgdb.drop();
    }
  });
});
