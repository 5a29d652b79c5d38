// A separate OS process running the real pipeline against a database, so tests can SIGKILL it or run two at once.
// Usage: tsx pipeline-child.ts import <databaseUrl|dataDir> <file> | drain <databaseUrl> <workerId>
import pino from 'pino';
import { drainIngest, importArchive } from '../../src/pipeline/index.js';
import { ensureChannelAccount, ensureOrganisation, migrateToLatest, openDatabase } from '../../src/store/index.js';
import { fixedTriager } from './fixed-triager.js';

const [mode, target, arg] = process.argv.slice(2) as [string, string, string];
const database = await openDatabase(target.startsWith('postgres') ? { databaseUrl: target, dataDir: '' } : { databaseUrl: undefined, dataDir: target });
await migrateToLatest(database.db);
const deps = { database, triager: fixedTriager, log: pino({ level: 'silent' }), reopenWindowMs: 7 * 86_400_000, batchSize: 200, workerId: `${mode}-${arg}`, concurrency: 1 };
if (mode === 'import') {
  const org = await ensureOrganisation(database.db);
  const account = await ensureChannelAccount(database.db, { organisationId: org.id, kind: 'x', name: 'killed-import' });
  const summary = await importArchive(deps, {
    path: arg,
    format: 'twcs',
    account,
    rejectsPath: `${arg}.rejects`,
    chunkSize: 500,
    // The parent waits for this line before it kills us, so the kill lands mid-import.
    onProgress: (p) => process.stdout.write(`progress ${p.stored} ${p.messages}\n`),
  });
  process.stdout.write(`done ${JSON.stringify(summary)}\n`);
} else {
  const totals = await drainIngest({ ...deps, workerId: arg });
  process.stdout.write(`done ${JSON.stringify(totals)}\n`);
}
await database.close();
