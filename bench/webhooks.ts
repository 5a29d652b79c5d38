// bench/webhooks: signed webhook acknowledgement latency (verify on raw bytes → commit to raw_inbound → ack) at a
// fixed request rate on loopback, with the ingest worker processing in the same process as a real desk would,
// and the count stored checked against the count sent. Target (DESIGN.md §5): p99 ≤ 25 ms at 500 requests/s.
// Usage: npx tsx bench/webhooks.ts [--rate 500] [--seconds 30] [--engine postgres|pglite|both] [--batch 500] [--worker on|off|adaptive]
// (--batch: ingest rows claimed per batch while the load runs; on PGlite a batch holds the one connection).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { sql } from 'kysely';
import pino from 'pino';
import { validateChannelConfig } from '../src/channels/index.js';
import { createConnectorSource, decideBatch, receiveWebhook, startIngestWorker } from '../src/pipeline/index.js';
import { registerErrorHandler } from '../src/server/error-handler.js';
import { webhookRoutes } from '../src/server/routes/webhooks.js';
import { createChannelAccount, ensureOrganisation, migrateToLatest, openDatabase, runIngestBatch, type Database } from '../src/store/index.js';
import { loadTriager } from '../src/triage/index.js';
import { inboundSms, twilioSignatureOf } from '../test/fakes/twilio/server.js';
import { startPostgres } from '../test/support/postgres-server.js';
import { nodeArgs } from '../test/support/tsx-node.js';

const { values } = parseArgs({ options: { rate: { type: 'string', default: '500' }, seconds: { type: 'string', default: '30' }, engine: { type: 'string', default: 'both' }, batch: { type: 'string', default: '500' }, worker: { type: 'string', default: 'on' } } });
const BATCH = Number(values.batch);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const N = RATE * SECONDS;
const log = pino({ level: 'warn' });

interface Row {
  engine: string;
  sent: number;
  acked: number;
  other: number;
  p50: number;
  p99: number;
  max: number;
  achievedRate: number;
  stored: number;
  processed: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function run(engine: string, database: Database, dir: string): Promise<Row> {
  await migrateToLatest(database.db);
  const org = await ensureOrganisation(database.db);
  const secretKey = randomBytes(32);
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const authToken = randomBytes(16).toString('hex');
  const { settings, secrets } = validateChannelConfig('twilio', { accountSid, authToken, fromNumber: '+15005550006' });
  const account = await createChannelAccount(database.db, secretKey, { organisationId: org.id, kind: 'twilio', name: 'bench sms', settings, secrets });
  const connectors = createConnectorSource({ database, secretKey, publicUrl: 'https://desk.example.com', timeoutMs: 5000 });
  const triager = loadTriager();
  // --worker adaptive: a prototype loop that waits 100 ms whenever a batch came back under-full, so a steady
  // trickle is claimed in batches instead of one row at a time (a proposal for pipeline/ingest-worker.ts).
  let adaptive = values.worker === 'adaptive';
  const adaptiveLoop = (async () => {
    while (adaptive) {
      const outcome = await runIngestBatch(database.db, { limit: BATCH, workerId: 'bench-adaptive', maxAttempts: 5 }, (unit) =>
        decideBatch(unit, { triager, reopenWindowMs: 7 * 86_400_000 }),
      );
      if (outcome.kind !== 'processed' || outcome.report.claimed < BATCH) await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const worker = startIngestWorker({
    // --worker off: nothing is processed during the load (isolates the receive path); processed after it.
    idlePollMs: values.worker === 'on' ? 250 : 3_600_000,
    database,
    triager,
    log,
    reopenWindowMs: 7 * 86_400_000,
    batchSize: BATCH,
    workerId: 'bench',
    concurrency: database.engine === 'postgres' ? 2 : 1,
  });
  const app = Fastify({ logger: false });
  registerErrorHandler(app);
  await app.register(webhookRoutes({ receive: (w) => receiveWebhook({ database, connectors, onInbound: () => (values.worker === 'on' ? worker.wake() : undefined) }, w), publicUrl: 'https://desk.example.com' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  // Pre-signed requests: distinct senders and message sids, signed over the public URL as Twilio would.
  const path = `/hooks/twilio/${account.id}`;
  const requests = Array.from({ length: N }, (_, i) => {
    const params = inboundSms(accountSid, { From: `+1555${String(1_000_000 + (i % 5000)).slice(1)}`, Body: `bench message ${i} about my order` });
    return {
      path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignatureOf(authToken, `https://desk.example.com${path}`, params) },
      body: new URLSearchParams(params).toString(),
    };
  });
  const file = join(dir, `requests-${engine}.json`);
  writeFileSync(file, JSON.stringify(requests));

  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs(new URL('./webhook-load.ts', import.meta.url).pathname, [url, file, String(RATE)]), { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`load generator exited ${code}`))));
  });
  const { elapsed, results } = JSON.parse(output) as { elapsed: number; results: { status: number; ms: number }[] };
  const acked = results.filter((r) => r.status === 200).length;
  const latencies = results.map((r) => r.ms).sort((a, b) => a - b);

  adaptive = false;
  await adaptiveLoop;
  worker.wake();
  // Let the worker finish, then count what was committed and what the pipeline turned into messages.
  for (let i = 0; i < 600; i++) {
    const pending = await sql<{ n: number }>`select count(*)::int as n from raw_inbound where status = 'pending'`.execute(database.db);
    if (pending.rows[0]!.n === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const stored = (await sql<{ n: number }>`select count(*)::int as n from raw_inbound where channel_account_id = ${account.id}`.execute(database.db)).rows[0]!.n;
  const processed = (await sql<{ n: number }>`select count(*)::int as n from message where channel_account_id = ${account.id}`.execute(database.db)).rows[0]!.n;
  await app.close();
  await worker.stop();
  return {
    engine,
    sent: N,
    acked,
    other: N - acked,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: latencies[latencies.length - 1] ?? NaN,
    achievedRate: N / elapsed,
    stored,
    processed,
  };
}

const rows: Row[] = [];
const WORKER = values.worker;
const dir = mkdtempSync(join(tmpdir(), 'earshot-bench-webhooks-'));
try {
  if (values.engine === 'both' || values.engine === 'postgres') {
    const server = await startPostgres();
    const database = await openDatabase({ databaseUrl: server.url, dataDir: '', poolSize: 10 });
    try {
      rows.push(await run(`PostgreSQL 15, worker ${WORKER}`, database, dir));
    } finally {
      await database.close();
      server.stop();
    }
  }
  if (values.engine === 'both' || values.engine === 'pglite') {
    const database = await openDatabase({ databaseUrl: undefined, dataDir: join(dir, 'pglite') });
    try {
      rows.push(await run(`PGlite (embedded), worker ${WORKER}`, database, dir));
    } finally {
      await database.close();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const fmt = (n: number) => n.toFixed(1);
const table = [
  `\`npx tsx bench/webhooks.ts --rate ${RATE} --seconds ${SECONDS} --batch ${BATCH} --worker ${WORKER}\` — ${new Date().toISOString().slice(0, 10)}`,
  '',
  '| engine | sent | acked 200 | other | rate achieved (req/s) | ack p50 (ms) | ack p99 (ms) | max (ms) | stored in raw_inbound | messages after ingest | target |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ...rows.map(
    (r) =>
      `| ${r.engine} | ${r.sent.toLocaleString('en')} | ${r.acked.toLocaleString('en')} | ${r.other} | ${r.achievedRate.toFixed(0)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${r.stored.toLocaleString('en')} | ${r.processed.toLocaleString('en')} | p99 ≤ 25 ms ${r.p99 <= 25 ? '✔' : '✘'}; stored = sent ${r.stored === r.sent ? '✔' : '✘'} |`,
  ),
];
console.log(table.join('\n'));
