// `earshot report --kind outcomes|line-jumping|churn` in-process against an embedded data dir: the same figures
// as the API in text, JSON and CSV, and a clear error when the volume report lacks --by.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/run-cli.js';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import { drainIngest } from '../../../src/pipeline/index.js';
import { ensureChannelAccount, ensureOrganisation, migrateToLatest, openDatabase, storeRawInbound } from '../../../src/store/index.js';
import { fixedTriager } from '../../support/fixed-triager.js';

const T0 = Date.UTC(2026, 10, 1, 10);
const msg = (id: string, author: string, text: string, isPublic: boolean): InboundMessage => ({
  externalId: id,
  direction: 'inbound',
  author: { handle: author },
  text,
  sentAt: T0,
  isPublic,
  threadKey: `t-${id}`,
});

describe('earshot report --kind', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-report-cli-'));
    const database = await openDatabase({ databaseUrl: undefined, dataDir: join(dir, 'data') });
    try {
      await migrateToLatest(database.db);
      const org = await ensureOrganisation(database.db);
      const x = await ensureChannelAccount(database.db, { organisationId: org.id, kind: 'x', name: 'X' });
      const items = [msg('a', 'ann', 'worst delivery, broken box', true), msg('b', 'ben', 'please cancel my plan today', true), msg('c', 'cat', 'hello there, thanks a lot', true)];
      await storeRawInbound(database.db, items.map((m) => ({ organisationId: org.id, channelAccountId: x.id, source: 'normalised', dedupeKey: m.externalId, payload: m })));
      await drainIngest({ database, triager: fixedTriager, log: pino({ level: 'silent' }), reopenWindowMs: 86_400_000, batchSize: 100, workerId: 'cli', concurrency: 1 });
      // c resolved at first contact; b asked to cancel.
      await sql`update conversation set status = 'resolved', resolved_at = first_inbound_at + interval '1 hour'
        where id = (select conversation_id from message where external_id = 'c')`.execute(database.db);
      await sql`update message set triage = jsonb_set(triage, '{intent,value}', '"cancel"') where external_id = 'b'`.execute(database.db);
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
    const code = await runCli(argv, { stdin: new PassThrough(), stdout, stderr, isTTY: false, cwd: dir, env: { EARSHOT_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'error' } });
    return { code, stdout: out, stderr: err };
  }
  const period = ['--since', '2026-11-01', '--until', '2026-11-03'];

  it('prints outcomes as CSV: 3 public conversations, 1 resolved at first contact, no reopen', async () => {
    const r = await earshot('report', '--kind', 'outcomes', ...period, '--csv');
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual([
      'channel,conversations,resolved,reopened,resolved_at_first_contact,public_conversations,vents,reopen_rate,fcr_rate,vent_rate',
      'x,3,1,0,1,3,0,0,1,0',
      'all,3,1,0,1,3,0,0,1,0',
    ]);
  });

  it('prints the churn list with reasons, and line-jumping as JSON', async () => {
    const churn = await earshot('report', '--kind', 'churn', ...period);
    expect(churn.code).toBe(0);
    // ben asked to cancel (40); ann's complaint is negative (10) and unresolved (20); cat is happy and not listed.
    expect(churn.stdout.trim().split('\n').slice(1).map((l) => l.replace(/^\s*(\S+)\s+\S+\s+(\S+)\s+/, '$1 $2 '))).toEqual([
      '40 x +40 asked to cancel (1 message)',
      '30 x +10 one negative conversation; +20 1 unresolved complaint',
    ]);
    const jumping = JSON.parse((await earshot('report', '--kind', 'line-jumping', ...period, '--json')).stdout) as { kind: string; index: number | null; reading: string };
    expect(jumping).toMatchObject({ kind: 'line-jumping', index: null, reading: 'no priority band has answered public and private contacts to compare' });
  });

  it('asks for --by on the volume report and names the kinds it knows', async () => {
    expect(await earshot('report', ...period)).toMatchObject({ code: 2, stderr: expect.stringMatching(/--by: expected one of channel, account, language, day/) });
    expect(await earshot('report', '--kind', 'mood')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--kind: expected one of volume, outcomes, line-jumping, churn/) });
  });
});
