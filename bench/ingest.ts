// bench/ingest: end-to-end pipeline throughput (raw stored → normalised → contact → thread → triage → route)
// beside the raw bulk load of the same rows in the same run: COPY on PostgreSQL, a multi-row insert on PGlite.
// Usage: npx tsx bench/ingest.ts [--messages N] [--engine postgres|pglite|both]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import pino from 'pino';
import { drainIngest } from '../src/pipeline/index.js';
import {
  ensureChannelAccount,
  ensureOrganisation,
  migrateToLatest,
  openDatabase,
  storeRawInbound,
  type ChannelAccountRef,
  type Database,
} from '../src/store/index.js';
import { loadTriager } from '../src/triage/index.js';
import { startPostgres } from '../test/support/postgres-server.js';
import { demoItems } from './generate.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '100000' }, engine: { type: 'string', default: 'both' } } });
const N = Number(values.messages);
const triager = loadTriager();
const items = demoItems(N);
const log = pino({ level: 'warn' });

async function setupAccounts(database: Database): Promise<Map<string, ChannelAccountRef>> {
  const org = await ensureOrganisation(database.db);
  const accounts = new Map<string, ChannelAccountRef>();
  for (const item of items) {
    if (!accounts.has(item.account.name)) {
      accounts.set(item.account.name, await ensureChannelAccount(database.db, { organisationId: org.id, kind: item.account.kind, name: item.account.name }));
    }
  }
  return accounts;
}

/** The same rows, loaded straight into a copy of the message table with its tsvector and GIN index. */
async function createBaselineTable(database: Database): Promise<void> {
  await sql`create table bench_load (like message including defaults including generated including indexes)`.execute(database.db);
}

function baselineRows(accounts: Map<string, ChannelAccountRef>) {
  return items.map((item) => {
    const account = accounts.get(item.account.name)!;
    return {
      organisation_id: account.organisationId,
      conversation_id: crypto.randomUUID(),
      channel_account_id: account.id,
      external_id: item.message.externalId,
      direction: item.message.direction,
      author_handle: item.message.author.handle,
      text: item.message.text,
      is_public: item.message.isPublic,
      sent_at: new Date(item.message.sentAt).toISOString(),
    };
  });
}

const COLUMNS = ['organisation_id', 'conversation_id', 'channel_account_id', 'external_id', 'direction', 'author_handle', 'text', 'is_public', 'sent_at'] as const;
const tsvEscape = (v: unknown) => String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

async function copyBaseline(url: string, rows: ReturnType<typeof baselineRows>): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  const stream = client.query(copyFrom(`copy bench_load (${COLUMNS.join(', ')}) from stdin`));
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000).map((r) => COLUMNS.map((c) => tsvEscape(r[c])).join('\t')).join('\n') + '\n';
    if (!stream.write(chunk)) await new Promise((r) => stream.once('drain', r));
  }
  await new Promise<void>((resolve, reject) => {
    stream.on('finish', () => resolve());
    stream.on('error', reject);
    stream.end();
  });
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return rows.length / seconds;
}

async function insertBaseline(database: Database, rows: ReturnType<typeof baselineRows>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < rows.length; i += 1000) {
    await database.db.insertInto('bench_load' as 'message').values(rows.slice(i, i + 1000) as never).execute();
  }
  return rows.length / ((performance.now() - started) / 1000);
}

async function endToEnd(database: Database, accounts: Map<string, ChannelAccountRef>, workers: number): Promise<number> {
  const started = performance.now();
  const deps = { database, triager, log, reopenWindowMs: 7 * 86_400_000, batchSize: 1000, workerId: 'bench', concurrency: workers };
  let producing = true;
  const consumer = (async () => {
    while (producing) {
      await drainIngest(deps);
      await new Promise((r) => setTimeout(r, 20));
    }
    await drainIngest(deps);
  })();
  for (let i = 0; i < items.length; i += 2000) {
    await storeRawInbound(
      database.db,
      items.slice(i, i + 2000).map((item) => {
        const account = accounts.get(item.account.name)!;
        return { organisationId: account.organisationId, channelAccountId: account.id, source: 'normalised', dedupeKey: item.message.externalId, payload: item.message };
      }),
    );
  }
  producing = false;
  await consumer;
  const seconds = (performance.now() - started) / 1000;
  const stored = await sql<{ n: number }>`select count(*)::int as n from message`.execute(database.db);
  if (stored.rows[0]!.n !== N) throw new Error(`expected ${N} messages, found ${stored.rows[0]!.n}`);
  return N / seconds;
}

interface Row {
  engine: string;
  endToEnd: number;
  baseline: number;
  baselineName: string;
}
const results: Row[] = [];

if (values.engine === 'both' || values.engine === 'postgres') {
  const server = await startPostgres({ durable: true });
  try {
    const database = await openDatabase({ databaseUrl: server.url, dataDir: '', poolSize: 8 });
    await migrateToLatest(database.db);
    const accounts = await setupAccounts(database);
    await createBaselineTable(database);
    const baseline = await copyBaseline(server.url, baselineRows(accounts));
    const e2e = await endToEnd(database, accounts, 2);
    results.push({ engine: 'PostgreSQL 15', endToEnd: e2e, baseline, baselineName: 'COPY' });
    await database.close();
  } finally {
    server.stop();
  }
}
if (values.engine === 'both' || values.engine === 'pglite') {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-bench-'));
  try {
    const database = await openDatabase({ databaseUrl: undefined, dataDir: dir });
    await migrateToLatest(database.db);
    const accounts = await setupAccounts(database);
    await createBaselineTable(database);
    const baseline = await insertBaseline(database, baselineRows(accounts));
    const e2e = await endToEnd(database, accounts, 1);
    results.push({ engine: 'PGlite (embedded)', endToEnd: e2e, baseline, baselineName: 'multi-row INSERT' });
    await database.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`\ningest, ${N.toLocaleString('en')} generated messages (5 channel accounts, threads, 5 languages), ${new Date().toISOString()}`);
console.log('| engine | end-to-end pipeline (msg/s) | raw bulk load of the same rows (rows/s) | pipeline / bulk load |');
console.log('|---|---:|---:|---:|');
for (const r of results) {
  console.log(`| ${r.engine} | ${Math.round(r.endToEnd).toLocaleString('en')} | ${Math.round(r.baseline).toLocaleString('en')} (${r.baselineName}) | ${((100 * r.endToEnd) / r.baseline).toFixed(0)}% |`);
}
