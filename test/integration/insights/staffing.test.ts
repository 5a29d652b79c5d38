// The staffing forecast end to end: arrivals per hour of the week in the desk's time zone and measured handle
// times from a fixture with hand-computed figures, through the store, `GET /api/reports/staffing` and the CLI.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/run-cli.js';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import { buildStaffingReport } from '../../../src/insights/index.js';
import { drainIngest } from '../../../src/pipeline/index.js';
import {
  ensureChannelAccount,
  ensureOrganisation,
  migrateToLatest,
  openDatabase,
  storeRawInbound,
  updateOrganisationSettings,
  type Database,
} from '../../../src/store/index.js';
import { ENGINES, openTestDatabase, type TestDatabase } from '../../support/databases.js';
import { fixedTriager } from '../../support/fixed-triager.js';
import { bearer, openDesk, withToken, type Desk } from '../server/harness.js';

const MIN = 60_000;
const MONDAY_1 = Date.UTC(2026, 10, 2, 10); // Monday 10:00 UTC = 11:00 in Amsterdam (CET)
const TUESDAY_1 = Date.UTC(2026, 10, 3, 9); // Tuesday 09:00 UTC = 10:00 CET
const PERIOD = { since: new Date(Date.UTC(2026, 10, 2)), until: new Date(Date.UTC(2026, 10, 16)) }; // two weeks

const msg = (id: string, at: number, over: Partial<InboundMessage> = {}): InboundMessage => ({
  externalId: id,
  direction: 'inbound',
  author: { handle: `c-${id}` },
  text: 'hello, a question about my order',
  sentAt: at,
  isPublic: true,
  threadKey: `t-${id}`,
  ...over,
});

/**
 * x: 4 conversations on Mondays 10:xx UTC over two weeks → 2 an hour at Monday 11:00 CET (hour of week 11).
 * email: 11 on Tuesday 09:xx UTC → 5.5 an hour at Tuesday 10:00 CET (hour of week 34); 10 of them answered after
 * 60 s and resolved 60, 120, … 600 s after the answer (median 330 s), one resolved two hours after (not one sitting).
 */
async function seed(database: Database): Promise<void> {
  const org = await ensureOrganisation(database.db);
  const x = await ensureChannelAccount(database.db, { organisationId: org.id, kind: 'x', name: 'X' });
  const mail = await ensureChannelAccount(database.db, { organisationId: org.id, kind: 'email', name: 'Mail' });
  const items: [string, InboundMessage][] = [
    [x.id, msg('x1', MONDAY_1 + 5 * MIN)],
    [x.id, msg('x2', MONDAY_1 + 25 * MIN)],
    [x.id, msg('x3', MONDAY_1 + 50 * MIN)],
    [x.id, msg('x4', MONDAY_1 + 7 * 86_400_000 + 10 * MIN)],
    [x.id, msg('x-old', MONDAY_1 - 7 * 86_400_000)],
    ...Array.from({ length: 11 }, (_, i) => [mail.id, msg(`e${i}`, TUESDAY_1 + i * 5 * MIN, { isPublic: false })] as [string, InboundMessage]),
  ];
  await storeRawInbound(
    database.db,
    items.map(([channelAccountId, m]) => ({ organisationId: org.id, channelAccountId: channelAccountId as never, source: 'normalised', dedupeKey: m.externalId, payload: m })),
  );
  await drainIngest({ database, triager: fixedTriager, log: pino({ level: 'silent' }), reopenWindowMs: 86_400_000, batchSize: 100, workerId: 's', concurrency: 1 });
  for (let i = 0; i < 11; i++) {
    const resolvedAfter = i < 10 ? (i + 1) * 60 : 7200;
    await sql`update conversation set first_response_at = first_inbound_at + interval '60 seconds',
        resolved_at = first_inbound_at + make_interval(secs => ${60 + resolvedAfter}::float8), status = 'resolved'
      where id = (select conversation_id from message where external_id = ${`e${i}`})`.execute(database.db);
  }
  await updateOrganisationSettings(database.db, org.id, { timezone: 'Europe/Amsterdam' });
}

const assumptions = {
  serviceLevel: 0.8,
  targetSeconds: 60,
  handleSeconds: {},
  defaultHandleSeconds: 300,
  patienceSeconds: {},
  whatIf: [],
  channels: [],
};

describe.each(ENGINES)('staffing forecast on %s', (engine) => {
  let database: TestDatabase;
  let organisationId: string;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seed(database);
    organisationId = (await ensureOrganisation(database.db)).id;
  });
  afterAll(async () => {
    await database.close();
  });

  it('counts arrivals per hour of the week in the desk time zone and measures one-sitting handle times', async () => {
    const report = await buildStaffingReport(database, { organisationId, ...PERIOD, assumptions });
    expect(report.timeZone).toBe('Europe/Amsterdam');
    expect(report.channels).toEqual([
      { channel: 'email', handleSeconds: 330, handleTimeSource: 'measured', handleTimeSamples: 10, patienceSeconds: null, arrivalsPerWeek: 5.5, peakAgents: 2, agentHoursPerWeek: 2, isWhatIf: false },
      { channel: 'x', handleSeconds: 300, handleTimeSource: 'default', handleTimeSamples: 0, patienceSeconds: null, arrivalsPerWeek: 2, peakAgents: 1, agentHoursPerWeek: 1, isWhatIf: false },
    ]);
    // x: 2/h × 300 s = 0.167 erlangs; one agent: SL(60 s) = 1 − 0.167·e^(−0.833·60/300) = 85.9% ≥ 80%.
    // email: 5.5/h × 330 s = 0.504 erlangs. One agent: P(wait) = 0.504, SL(60 s) = 1 − 0.504·e^(−0.496·60/330) = 53.9%.
    // Two: Erlang B 0.0779, P(wait) = 0.0779 / (1 − 0.252·0.9221) = 0.1014, SL = 1 − 0.1014·e^(−1.496·60/330) = 92.3%.
    expect(report.rows).toEqual([
      expect.objectContaining({ channel: 'email', hourOfWeek: 34, day: 'Tue', hour: 10, arrivalsPerHour: 5.5, trafficErlangs: 0.504, agents: 2, serviceLevel: 0.9227 }),
      expect.objectContaining({ channel: 'x', hourOfWeek: 11, day: 'Mon', hour: 11, arrivalsPerHour: 2, agents: 1, serviceLevel: 0.8589, model: 'erlang-c' }),
    ]);
  });

  it('refuses an empty period with INPUT_INVALID', async () => {
    await expect(buildStaffingReport(database, { organisationId, since: PERIOD.until, until: PERIOD.since, assumptions })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
});

describe.each(ENGINES)('GET /api/reports/staffing on %s', (engine) => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await openDesk(engine);
    await seed(desk.database);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('plans with the query assumptions, Erlang A where a patience is given, and a what-if', async () => {
    const token = await bearer(desk, desk.agents.viewer);
    const q = new URLSearchParams({
      since: PERIOD.since.toISOString(),
      until: PERIOD.until.toISOString(),
      serviceLevel: '0.8',
      targetSeconds: '60',
      handle: 'x=120',
      patience: 'email=90',
      whatIf: 'whatsapp=48',
    });
    const res = await desk.app.inject({ method: 'GET', url: `/api/reports/staffing?${q}`, headers: withToken(token) });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { channels: { channel: string; handleSeconds: number; patienceSeconds: number | null; arrivalsPerWeek: number; isWhatIf: boolean }[]; rows: { channel: string; model: string; abandonment: number | null }[] };
    expect(body.channels.map((c) => [c.channel, c.handleSeconds, c.patienceSeconds, c.arrivalsPerWeek, c.isWhatIf])).toEqual([
      ['email', 330, 90, 5.5, false],
      ['whatsapp', 300, null, 336, true],
      ['x', 120, null, 2, false],
    ]);
    expect(body.rows.find((r) => r.channel === 'email')).toMatchObject({ model: 'erlang-a' });
    expect(body.rows.find((r) => r.channel === 'email')!.abandonment).toBeGreaterThan(0);
  });

  it('names a malformed pair list and a service level of 1 in a 400', async () => {
    const token = await bearer(desk, desk.agents.admin);
    const since = encodeURIComponent(PERIOD.since.toISOString());
    const until = encodeURIComponent(PERIOD.until.toISOString());
    const bad = await desk.app.inject({ method: 'GET', url: `/api/reports/staffing?since=${since}&until=${until}&handle=x:120`, headers: withToken(token) });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { error: { code: string; message: string } }).error.message).toMatch(/handle/);
    const one = await desk.app.inject({ method: 'GET', url: `/api/reports/staffing?since=${since}&until=${until}&serviceLevel=1`, headers: withToken(token) });
    expect(one.statusCode).toBe(400);
  });
});

describe('earshot staffing', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-staffing-cli-'));
    const database = await openDatabase({ databaseUrl: undefined, dataDir: join(dir, 'data') });
    try {
      await migrateToLatest(database.db);
      await seed(database);
    } finally {
      await database.close();
    }
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function earshot(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const [stdout, stderr] = [new PassThrough(), new PassThrough()];
    let [out, err] = ['', ''];
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    stderr.on('data', (c: Buffer) => (err += c.toString()));
    const env = { EARSHOT_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'error' };
    const code = await runCli(argv, { stdin: new PassThrough(), stdout, stderr, isTTY: false, cwd: dir, env });
    return { code, stdout: out, stderr: err };
  }
  const period = ['--since', '2026-11-02', '--until', '2026-11-16'];

  it('prints the table, JSON and CSV with the same figures', async () => {
    const text = await earshot('staffing', ...period, '--channel', 'email');
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('target: 80% answered within 60 s');
    expect(text.stdout).toMatch(/^email\s+Tue\s+10:00\s+5\.5\s+0\.50\s+2\s+92\.3%/m);
    expect(text.stdout).not.toMatch(/^x\s/m);
    const json = JSON.parse((await earshot('staffing', ...period, '--json', '--service-level', '95%', '--target-seconds', '20')).stdout) as { rows: { channel: string; agents: number; serviceLevel: number }[] };
    expect(json.rows.map((r) => r.channel)).toEqual(['email', 'x']);
    expect(json.rows.every((r) => r.serviceLevel >= 0.95)).toBe(true);
    const csv = (await earshot('staffing', ...period, '--csv', '--what-if', 'de=24/day')).stdout.trim().split('\n');
    expect(csv[0]).toBe('channel,day,hour,hour_of_week,arrivals_per_hour,handle_s,model,erlangs,agents,service_level,avg_wait_s,occupancy,abandonment');
    expect(csv.filter((l) => l.startsWith('de,'))).toHaveLength(2);
  });

  it('explains a bad flag value and exits 2', async () => {
    const bad = await earshot('staffing', '--handle', 'email:300');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--handle.*expected KIND=SECONDS/);
  });
});
