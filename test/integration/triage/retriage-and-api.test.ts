// Re-triage after a model update, and POST /api/triage: messages rated by another model version are rated again
// by `earshot retriage` (only those, unless --all), their conversations follow; the API rates a text with the
// same models, masks PII and stores nothing.
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/run-cli.js';
import type { DeskContext } from '../../../src/main.js';
import { drainIngest } from '../../../src/pipeline/index.js';
import { ensureChannelAccount, ensureOrganisation, storeRawInbound } from '../../../src/store/index.js';
import { loadTriager } from '../../../src/triage/index.js';
import { ENGINES, openTestDatabase, type TestDatabase } from '../../support/databases.js';
import { fixedTriager } from '../../support/fixed-triager.js';
import { bearer, openDesk, withToken, type Desk } from '../server/harness.js';
import type { ChannelAccountId } from '../../../src/domain/ids.js';

const triager = loadTriager();

describe.each(ENGINES)('earshot retriage on %s', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const org = await ensureOrganisation(database.db);
    const account = await ensureChannelAccount(database.db, { organisationId: org.id, kind: 'x', name: 'x' });
    const texts = ['My order never arrived and nobody answers. Furious!', 'Thanks so much, the new app is great', 'How do I reset my password?'];
    await storeRawInbound(
      database.db,
      texts.map((text, i) => ({
        organisationId: org.id,
        channelAccountId: account.id as ChannelAccountId,
        source: 'normalised',
        dedupeKey: `rt-${i}`,
        payload: { externalId: `rt-${i}`, direction: 'inbound', author: { handle: `u${i}` }, text, sentAt: Date.UTC(2026, 0, 5, 9, i), isPublic: true, threadKey: `t-${i}` },
      })),
    );
    await drainIngest({ database, triager: fixedTriager, log: pino({ level: 'silent' }), reopenWindowMs: 86_400_000, batchSize: 100, workerId: 't', concurrency: 1 });
  });
  afterAll(async () => {
    await database.close();
  });

  async function retriage(...argv: string[]) {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    const desk = { database, triager } as unknown as DeskContext;
    const code = await runCli(['retriage', ...argv], { stdin: new PassThrough(), stdout, stderr: new PassThrough(), isTTY: false, cwd: process.cwd(), env: {}, desk });
    return { code, result: JSON.parse(out) as { modelVersion: string; rated: number } };
  }

  it('rates again only what an older model rated, and marks the conversations for the workflow step', async () => {
    await sql`update conversation set workflow_pending = false`.execute(database.db);
    const first = await retriage('--json', '--batch', '2');
    expect(first).toEqual({ code: 0, result: expect.objectContaining({ modelVersion: triager.version, rated: 3 }) });
    const rows = await sql<{ triage_version: string; sentiment: string; text: string }>`select triage_version, sentiment, text from message order by text`.execute(database.db);
    expect(rows.rows.every((r) => r.triage_version === triager.version)).toBe(true);
    expect(rows.rows.find((r) => r.text.startsWith('Thanks'))!.sentiment).toBe('positive'); // the fixed test triager said neutral
    const pending = await sql<{ n: number }>`select count(*)::int as n from conversation where workflow_pending`.execute(database.db);
    expect(pending.rows[0]!.n).toBe(3);
    const conv = await sql<{ sentiment: string }>`select c.sentiment from conversation c join message m on m.conversation_id = c.id where m.text like 'Thanks%'`.execute(database.db);
    expect(conv.rows[0]!.sentiment).toBe('positive');

    expect((await retriage('--json')).result.rated).toBe(0);
    expect((await retriage('--json', '--all')).result.rated).toBe(3);
  });
});

describe('POST /api/triage', () => {
  let desk: Desk;
  let token = '';
  beforeAll(async () => {
    desk = await openDesk('pglite', { triager });
    token = await bearer(desk, desk.agents.agentA);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('rates a text with every signal and its reasons, masks PII, and stores nothing', async () => {
    const before = await sql<{ n: number }>`select count(*)::int as n from message`.execute(desk.database.db);
    const res = await desk.app.inject({
      method: 'POST',
      url: '/api/triage',
      headers: withToken(token),
      payload: { text: 'My card 4111 1111 1111 1111 was charged twice and nobody answers, I will cancel my account!', author: { followers: 250_000, verified: true }, isPublic: true },
    });
    expect(res.statusCode).toBe(200);
    const t = res.json() as { modelVersion: string; language: { value: string }; sentiment: { value: string; reasons: string[] }; pii: { kinds: string[]; maskedPreview: string }; influence: { value: number }; priority: { value: number; reasons: string[] } };
    expect(t.modelVersion).toBe(triager.version);
    expect(t.language.value).toBe('en');
    expect(t.sentiment.value).toBe('negative');
    expect(t.sentiment.reasons.length).toBeGreaterThan(0);
    expect(t.pii.kinds).toContain('card');
    expect(t.pii.maskedPreview).not.toContain('4111');
    expect(t.influence.value).toBeGreaterThan(0.5);
    expect(t.priority.reasons.length).toBeGreaterThan(0);
    const after = await sql<{ n: number }>`select count(*)::int as n from message`.execute(desk.database.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    expect((await desk.app.inject({ method: 'POST', url: '/api/triage', headers: withToken(token), payload: { text: 'x'.repeat(20_001) } })).statusCode).toBe(400);
    expect((await desk.app.inject({ method: 'POST', url: '/api/triage', payload: { text: 'hi' } })).statusCode).toBe(401);
  });
});
