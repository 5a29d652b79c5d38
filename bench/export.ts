// Export at scale (issue 10 "Must show": 1,000,000 messages stream with flat memory). Fills a fresh database with
// N generated messages by SQL (no pipeline: this measures the export, not ingest), then downloads
// GET /api/exports/messages.csv over HTTP while sampling the server process's heap and RSS every 100 ms.
// Reference: the same figures for a tenth of the rows — flat memory means the peak does not grow with the size.
// Usage: npx tsx bench/export.ts [--messages 1000000] [--engine postgres|pglite]
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pino from 'pino';
import { buildApp } from '../src/server/index.js';
import { createAgent, createApiToken, ensureChannelAccount, ensureOrganisation, migrateToLatest, openDatabase, type Database } from '../src/store/index.js';
import { startPostgres } from '../test/support/postgres-server.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '1000000' }, engine: { type: 'string', default: 'postgres' } } });
const total = Number(values.messages);
const T0 = Date.UTC(2026, 0, 1);

async function fill(database: Database, n: number, prefix: string): Promise<void> {
  const org = await ensureOrganisation(database.db);
  const account = await ensureChannelAccount(database.db, { organisationId: org.id, kind: 'x', name: `bench-${prefix}` });
  const perConversation = 10;
  for (let start = 0; start < n; start += 100_000) {
    const count = Math.min(100_000, n - start);
    await sql`
      with convs as (
        insert into conversation (organisation_id, channel_account_id, status, is_public, first_inbound_at, last_message_at, message_count)
        select ${org.id}, ${account.id}, 'open', true, ${new Date(T0)}::timestamptz + make_interval(secs => g), ${new Date(T0)}::timestamptz + make_interval(secs => g), ${perConversation}
        from generate_series(1, ${Math.ceil(count / perConversation)}) g
        returning id
      )
      insert into message (organisation_id, conversation_id, channel_account_id, external_id, direction, author_handle, text, is_public, sent_at, sentiment, language)
      select ${org.id}, c.id, ${account.id}, ${prefix} || '-' || ${start} || '-' || c.id || '-' || k, 'inbound', 'customer' || k,
        'my order ' || k || ' has not arrived and the tracking page says nothing, can you help me please', true,
        ${new Date(T0)}::timestamptz + make_interval(secs => k), 'negative', 'en'
      from convs c cross join generate_series(1, ${perConversation}) k`.execute(database.db);
  }
}

async function download(url: string, token: string): Promise<{ rows: number; bytes: number; seconds: number; peakHeapMb: number; peakRssMb: number; baseHeapMb: number; baseRssMb: number }> {
  globalThis.gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, 100);
  const started = performance.now();
  const { rows, bytes } = await new Promise<{ rows: number; bytes: number }>((resolve, reject) => {
    request(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
      let newlines = 0;
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
      });
      res.on('end', () => resolve({ rows: newlines - 1, bytes: size }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
  clearInterval(sampler);
  const mb = (x: number) => Math.round(x / 1_048_576);
  return { rows, bytes, seconds: (performance.now() - started) / 1000, peakHeapMb: mb(peakHeap), peakRssMb: mb(peakRss), baseHeapMb: mb(base.heapUsed), baseRssMb: mb(base.rss) };
}

async function run(): Promise<void> {
  const pg = values.engine === 'postgres' ? await startPostgres() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'earshot-bench-export-'));
  const database = await openDatabase({ databaseUrl: pg?.url, dataDir: dir });
  try {
    await migrateToLatest(database.db);
    const org = await ensureOrganisation(database.db);
    const admin = await createAgent(database.db, { organisationId: org.id, email: 'bench@desk.test', name: 'bench', role: 'admin', password: 'long enough password', teamIds: [] });
    const { token } = await createApiToken(database.db, { agentId: admin.id, name: 'bench', scope: 'read', now: Date.now() });
    const app = await buildApp({ database, log: pino({ level: 'warn' }) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const period = (from: number, to: number) => `since=${new Date(from).toISOString()}&until=${new Date(to).toISOString()}`;
    const lines: string[] = [];
    const small = Math.round(total / 10);
    console.log(`filling ${total.toLocaleString('en')} messages (${values.engine})…`);
    await fill(database, small, 'small');
    const a = await download(`${base}/api/exports/messages.csv?${period(T0, T0 + 86_400_000)}`, token);
    await fill(database, total - small, 'big');
    const b = await download(`${base}/api/exports/messages.csv?${period(T0, T0 + 86_400_000)}`, token);
    for (const [label, r] of [
      [`${small.toLocaleString('en')} messages (reference)`, a],
      [`${total.toLocaleString('en')} messages`, b],
    ] as const) {
      lines.push(`| ${values.engine} | ${label} | ${r.rows.toLocaleString('en')} | ${Math.round(r.bytes / 1_048_576)} MB | ${r.seconds.toFixed(1)} s | ${Math.round(r.rows / r.seconds).toLocaleString('en')} | ${r.baseHeapMb} → ${r.peakHeapMb} MB | ${r.baseRssMb} → ${r.peakRssMb} MB |`);
    }
    console.log(`\n| engine | export | rows | CSV | time | rows/s | heap (before → peak) | RSS (before → peak) |\n|---|---|---:|---:|---:|---:|---:|---:|\n${lines.join('\n')}`);
    await app.close();
  } finally {
    await database.close();
    pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await run();
