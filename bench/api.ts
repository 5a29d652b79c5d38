// bench/api: the inbox API at 1,000,000 messages on PostgreSQL — conversation list and full-text search p50/p95
// measured over HTTP (target p95 ≤ 50 ms) — and SSE fan-out: one event to 1,000 connected clients, p95 delivery
// (target ≤ 100 ms). The SSE clients run in a child process (this file with --sse-clients), so the server's
// event loop is not also parsing 1,000 streams. Over 250 lines: data load, two benchmarks and the client mode.
//
// npx tsx bench/api.ts [--messages 1000000] [--database-url URL (reuse a loaded database)] [--clients 1000]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pino from 'pino';
import { importArchive } from '../src/pipeline/index.js';
import { buildApp } from '../src/server/index.js';
import {
  createAgent,
  createApiToken,
  createQueue,
  createTeam,
  ensureChannelAccount,
  ensureOrganisation,
  findAgentByEmail,
  listQueues,
  listTeams,
  migrateToLatest,
  openDatabase,
  type Database,
  type OrganisationRef,
} from '../src/store/index.js';
import { loadTriager } from '../src/triage/index.js';
import { startPostgres } from '../test/support/postgres-server.js';
import { nodeArgs } from '../test/support/tsx-node.js';
import { writeTwcsArchive } from './generate.js';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    'database-url': { type: 'string' },
    clients: { type: 'string', default: '1000' },
    events: { type: 'string', default: '30' },
    requests: { type: 'string', default: '200' },
    'sse-clients': { type: 'string' },
    url: { type: 'string' },
    tokens: { type: 'string' },
  },
});

const log = pino({ level: 'warn' });
const wall = () => performance.timeOrigin + performance.now();

function pct(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

// ---- client mode: N SSE connections; prints one JSON line per received marker, then exits when told -------
if (values['sse-clients']) {
  const n = Number(values['sse-clients']);
  const tokens = values.tokens!.split(',');
  let connected = 0;
  const arrivals: Record<string, number[]> = {};
  for (let i = 0; i < n; i++) {
    const req = request(`${values.url}/api/events`, { headers: { accept: 'text/event-stream', authorization: `Bearer ${tokens[i % tokens.length]}` } }, (res) => {
      if (res.statusCode !== 200) throw new Error(`client ${i}: status ${res.statusCode}`);
      connected++;
      if (connected === n) process.stdout.write(`${JSON.stringify({ ready: n })}\n`);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = wall();
        for (const m of chunk.matchAll(/"fanout-(\d+)"/g)) (arrivals[m[1]!] ??= []).push(Math.round(at * 100) / 100);
      });
    });
    req.end();
  }
  process.stdin.on('data', () => {
    // Exit only once the (large) line has left: a pipe write that does not fit the buffer completes later.
    process.stdout.write(`${JSON.stringify({ arrivals })}\n`, () => process.exit(0));
  });
} else {
  await main();
}

async function load(database: Database, organisation: OrganisationRef, messages: number): Promise<void> {
  const have = await sql<{ n: number }>`select count(*)::int as n from message`.execute(database.db);
  if ((have.rows[0]?.n ?? 0) >= messages) return;
  const dir = mkdtempSync(join(tmpdir(), 'earshot-bench-api-'));
  try {
    const file = join(dir, 'archive.csv');
    process.stderr.write(`writing ${messages} archive rows…\n`);
    await writeTwcsArchive(file, messages);
    const account = await ensureChannelAccount(database.db, { organisationId: organisation.id, kind: 'x', name: 'bench archive' });
    const started = wall();
    let last = 0;
    await importArchive(
      { database, triager: loadTriager(), log, reopenWindowMs: 7 * 86_400_000, batchSize: 4000, workerId: 'bench', concurrency: 2 },
      {
        path: file,
        format: 'twcs',
        account,
        rejectsPath: join(dir, 'rejects.jsonl'),
        chunkSize: 4000,
        onProgress: (p) => {
          if (wall() - last > 10_000) {
            last = wall();
            process.stderr.write(`import: ${p.stored} rows stored, ${Math.round((wall() - started) / 1000)} s\n`);
          }
        },
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Four teams with a queue each plus the unteamed Triage queue; conversations spread evenly over the five. */
async function organise(database: Database, organisation: OrganisationRef): Promise<void> {
  const teams = await listTeams(database.db, organisation.id);
  if (teams.length >= 4) return;
  const queueIds: string[] = [organisation.defaultQueueId];
  for (let i = 1; i <= 4; i++) {
    const team = await createTeam(database.db, organisation.id, `Team ${i}`);
    queueIds.push((await createQueue(database.db, organisation.id, { name: `Queue ${i}`, teamId: team.id })).id);
  }
  // Routing is not part of this issue: the bench spreads conversations directly.
  await sql`update conversation set queue_id = (${sql.val(queueIds)}::uuid[])[1 + abs(hashtext(id::text)) % 5]`.execute(database.db);
  const team1 = (await listTeams(database.db, organisation.id)).find((t) => t.name === 'Team 1')!;
  await createAgent(database.db, { organisationId: organisation.id, email: 'admin@bench.test', name: 'Admin', role: 'admin' });
  await createAgent(database.db, { organisationId: organisation.id, email: 'agent@bench.test', name: 'Agent', role: 'agent', teamIds: [team1.id] });
  await createAgent(database.db, { organisationId: organisation.id, email: 'lead@bench.test', name: 'Lead', role: 'lead', teamIds: [team1.id] });
  await sql`analyze`.execute(database.db);
}

function get(base: string, path: string, token: string): Promise<{ status: number; body: string; ms: number }> {
  const started = wall();
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: wall() - started }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface Row {
  readonly name: string;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly results: number;
}

async function measure(base: string, name: string, token: string, paths: readonly string[], requests: number): Promise<Row> {
  for (let i = 0; i < 10; i++) await get(base, paths[i % paths.length]!, token);
  const times: number[] = [];
  let results = 0;
  for (let i = 0; i < requests; i++) {
    const r = await get(base, paths[i % paths.length]!, token);
    if (r.status !== 200) throw new Error(`${name}: ${paths[i % paths.length]} answered ${r.status}: ${r.body.slice(0, 300)}`);
    results += (JSON.parse(r.body) as { items: unknown[] }).items.length;
    times.push(r.ms);
  }
  const row = { name, p50: pct(times, 50), p95: pct(times, 95), max: Math.max(...times), results: results / requests };
  process.stderr.write(`${name}: p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms, max ${row.max.toFixed(1)} ms, ${row.results.toFixed(0)} items\n`);
  return row;
}

/** Cursor paths of pages 2..n of a listing, collected once, so deep pages are measured too. */
async function deepPages(base: string, token: string, first: string, pages: number): Promise<string[]> {
  const out: string[] = [];
  let path = first;
  for (let i = 0; i < pages; i++) {
    const r = await get(base, path, token);
    const next = (JSON.parse(r.body) as { nextCursor: string | null }).nextCursor;
    if (!next) break;
    path = `${first}&cursor=${next}`;
    out.push(path);
  }
  return out;
}

async function main(): Promise<void> {
  const messages = Number(values.messages);
  const server = values['database-url'] ? undefined : await startPostgres();
  const url = values['database-url'] ?? server!.url;
  const database = await openDatabase({ databaseUrl: url, dataDir: '', poolSize: 10 });
  try {
    await migrateToLatest(database.db);
    const organisation = await ensureOrganisation(database.db);
    await load(database, organisation, messages);
    await organise(database, organisation);
    const counts = await sql<{ m: number; c: number }>`select (select count(*)::int from message) as m, (select count(*)::int from conversation) as c`.execute(database.db);
    const { m, c } = counts.rows[0]!;
    process.stderr.write(`${m} messages in ${c} conversations\n`);

    const app = await buildApp({ database, log, api: { organisation } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const token = async (email: string) => (await createApiToken(database.db, { agentId: (await findAgentByEmail(database.db, organisation.id, email))!.id, name: 'bench', scope: 'write', now: Date.now() })).token;
    const admin = await token('admin@bench.test');
    const agent = await token('agent@bench.test');
    const lead = await token('lead@bench.test');
    const requests = Number(values.requests);
    const queue1 = (await listQueues(database.db, organisation.id)).find((q) => q.name === 'Queue 1')!.id;

    const rows: Row[] = [];
    rows.push(await measure(base, 'list, first page (admin, all conversations)', admin, ['/api/conversations?limit=50'], requests));
    rows.push(await measure(base, 'list, first page (agent, one team of four)', agent, ['/api/conversations?limit=50'], requests));
    rows.push(await measure(base, 'list, pages 2–20 by cursor (agent)', agent, await deepPages(base, agent, '/api/conversations?limit=50', 20), requests));
    rows.push(await measure(base, 'list, status=new,open sorted by priority (admin)', admin, ['/api/conversations?limit=50&status=new,open&sort=priority'], requests));
    rows.push(await measure(base, 'list, queue + language filter (lead)', lead, [`/api/conversations?limit=50&queue=${queue1}&language=en`], requests));
    // Terms from the generated corpus: common ones (a fifth of all messages), rarer ones and two-word queries.
    const terms = ['refund', 'password', 'canada', 'dashboard', 'crashes', 'declined', 'invoices', 'reembolso', 'bestellung', '"order number"', 'website down', 'login issue'];
    rows.push(await measure(base, 'full-text search, 12 terms (admin)', admin, terms.map((t) => `/api/conversations?limit=50&q=${encodeURIComponent(t)}`), requests));
    rows.push(await measure(base, 'full-text search, 12 terms (agent, one team)', agent, terms.map((t) => `/api/conversations?limit=50&q=${encodeURIComponent(t)}`), requests));
    // Order numbers of the generated corpus (A-123456): a handful of messages each.
    const orderNumbers = await sql<{ t: string }>`select substring(text from 'A-[0-9]{6}') as t from message where text like '%A-%' limit 20`.execute(database.db);
    const rare = orderNumbers.rows.map((r) => r.t).filter(Boolean);
    if (rare.length > 0) rows.push(await measure(base, 'full-text search, order numbers (admin)', admin, rare.map((t) => `/api/conversations?limit=50&q=${encodeURIComponent(t)}`), requests));

    const fanout = await sseFanout(base, app, database, organisation, [admin, agent, lead], Number(values.clients), Number(values.events));
    await app.close();
    printTables(m, c, rows, fanout);
  } finally {
    await database.close();
    server?.stop();
  }
}

interface Fanout {
  readonly clients: number;
  readonly events: number;
  readonly delivered: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

async function sseFanout(
  base: string,
  app: Awaited<ReturnType<typeof buildApp>>,
  database: Database,
  organisation: OrganisationRef,
  tokens: readonly string[],
  clients: number,
  events: number,
): Promise<Fanout> {
  const child = spawn(process.execPath, nodeArgs(new URL(import.meta.url).pathname, ['--sse-clients', String(clients), '--url', base, '--tokens', tokens.join(',')]), {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  const line = (pred: (l: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const check = () => {
        // Only whole lines: the arrivals line is larger than one pipe chunk.
        for (const l of out.split('\n').slice(0, -1).filter(Boolean)) {
          const parsed = JSON.parse(l) as Record<string, unknown>;
          if (pred(parsed)) return resolve(parsed);
        }
        child.stdout.once('data', (c: Buffer) => ((out += c.toString()), check()));
      };
      check();
    });
  await line((l) => 'ready' in l);
  process.stderr.write(`${clients} SSE clients connected (${app.eventHub.clientCount} on the hub)\n`);
  // A conversation every client may see: team 1's queue (admins, the lead and the agent of team 1).
  const conv = await sql<{ id: string }>`select c.id from conversation c join queue q on q.id = c.queue_id where q.name = 'Queue 1' limit 1`.execute(database.db);
  const id = conv.rows[0]!.id;
  const sent: number[] = [];
  for (let i = 0; i < events; i++) {
    sent.push(wall());
    const res = await app.inject({ method: 'POST', url: `/api/conversations/${id}/tags`, headers: { authorization: `Bearer ${tokens[0]}` }, payload: { add: [`fanout-${i}`], remove: [`fanout-${i - 1}`] } });
    if (res.statusCode !== 200) throw new Error(`tag: ${res.statusCode} ${res.body}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  child.stdin.write('done\n');
  const result = (await line((l) => 'arrivals' in l)) as { arrivals: Record<string, number[]> };
  const latencies: number[] = [];
  let delivered = 0;
  for (let i = 0; i < events; i++) {
    // The frame after event i also names fanout-i (as removed); only each client's first arrival counts.
    const arrivals = (result.arrivals[String(i)] ?? []).filter((t) => t >= sent[i]!);
    const firstPerClient = arrivals.slice(0, clients);
    delivered += firstPerClient.length;
    for (const t of firstPerClient) latencies.push(t - sent[i]!);
  }
  void organisation;
  const row = { clients, events, delivered, p50: pct(latencies, 50), p95: pct(latencies, 95), max: Math.max(...latencies) };
  process.stderr.write(`SSE fan-out: p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms, max ${row.max.toFixed(1)} ms, delivered ${delivered}/${clients * events}\n`);
  return row;
}

function printTables(messages: number, conversations: number, rows: readonly Row[], fanout: Fanout): void {
  const f = (x: number) => x.toFixed(1);
  const lines = [
    `PostgreSQL 15, ${messages.toLocaleString('en')} messages in ${conversations.toLocaleString('en')} conversations, ${rows[0] ? Number(values.requests) : 0} sequential requests per row over HTTP (one client, Node's default keep-alive agent), 50 per page`,
    '',
    '| request | p50 (ms) | p95 (ms) | max (ms) | items per page | target |',
    '|---|---:|---:|---:|---:|---|',
    ...rows.map((r) => `| ${r.name} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.max)} | ${r.results.toFixed(0)} | p95 ≤ 50 ms ${r.p95 <= 50 ? '✔' : '✘'} |`),
    '',
    '| SSE fan-out | clients | events | delivered | p50 (ms) | p95 (ms) | max (ms) | target |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    `| one tag change → every client | ${fanout.clients} | ${fanout.events} | ${fanout.delivered} / ${fanout.clients * fanout.events} | ${f(fanout.p50)} | ${f(fanout.p95)} | ${f(fanout.max)} | p95 ≤ 100 ms ${fanout.p95 <= 100 ? '✔' : '✘'} |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
