import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import { buildReport } from '../../../src/insights/index.js';
import { drainIngest } from '../../../src/pipeline/index.js';
import { ensureChannelAccount, ensureOrganisation, storeRawInbound } from '../../../src/store/index.js';
import { ENGINES, openTestDatabase, type TestDatabase } from '../../support/databases.js';
import { fixedTriager } from '../../support/fixed-triager.js';

const T0 = Date.UTC(2026, 10, 1, 10);
const msg = (id: string, at: number, text: string, over: Partial<InboundMessage> = {}): InboundMessage => ({
  externalId: id,
  direction: 'inbound',
  author: { handle: `c-${id}` },
  text,
  sentAt: at,
  isPublic: true,
  ...over,
});
const reply = (id: string, parent: string, at: number, over: Partial<InboundMessage> = {}) =>
  msg(id, at, 'thanks, looking into it', { direction: 'outbound', author: { handle: 'brand' }, inReplyToExternalId: parent, ...over });

describe.each(ENGINES)('reports on %s', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const org = await ensureOrganisation(database.db);
    const x = await ensureChannelAccount(database.db, { organisationId: org.id, kind: 'x', name: 'X' });
    const mail = await ensureChannelAccount(database.db, { organisationId: org.id, kind: 'email', name: 'Mail' });
    const fixture: [typeof x, InboundMessage][] = [
      [x, msg('c1', T0, 'my order is broken')],
      [x, reply('r1', 'c1', T0 + 600_000)],
      [x, msg('c2', T0 + 3_600_000, 'hello there')],
      [x, reply('r2', 'c2', T0 + 3_600_000 + 1_200_000)],
      [x, msg('c3', T0 + 7_200_000, 'worst ever')],
      [x, msg('old', Date.UTC(2026, 9, 1), 'worst, and outside the period')],
      [mail, msg('c4', T0, 'refund please', { threadKey: 'mail-4', isPublic: false })],
      [mail, reply('r4', 'c4', T0 + 3_000_000, { threadKey: 'mail-4', isPublic: false })],
      [mail, msg('c5', T0 + 86_400_000, 'hi', { threadKey: 'mail-5', isPublic: false })],
      [mail, reply('r5', 'c5', T0 + 86_400_000 + 60_000, { threadKey: 'mail-5', isPublic: false })],
    ];
    await storeRawInbound(
      database.db,
      fixture.map(([a, m]) => ({ organisationId: a.organisationId, channelAccountId: a.id, source: 'normalised', dedupeKey: m.externalId, payload: m })),
    );
    await drainIngest({ database, triager: fixedTriager, log: pino({ level: 'silent' }), reopenWindowMs: 86_400_000, batchSize: 100, workerId: 'r', concurrency: 1 });
    await sql`update conversation set status = 'resolved', resolved_at = ${new Date(T0 + 7_200_000)}
              where id = (select conversation_id from message where external_id = 'c4')`.execute(database.db);
  });
  afterAll(async () => {
    await database.close();
  });
  const period = { since: new Date(Date.UTC(2026, 10, 1)), until: new Date(Date.UTC(2026, 10, 3)) };

  it('gives the hand-computed figures per channel', async () => {
    const rows = await buildReport(database, { by: 'channel', ...period });
    expect(rows).toEqual([
      {
        group: 'email',
        conversations: 2,
        inboundMessages: 2,
        answered: 2,
        firstResponseP50Seconds: 1530, // median of 60 s and 3,000 s
        firstResponseP90Seconds: 2706, // 60 + 0.9 × 2,940
        resolved: 1,
        resolutionP50Seconds: 7200,
        resolutionP90Seconds: 7200,
        sentiment: { negative: 1, neutral: 1, positive: 0 },
        topIntents: [
          { intent: 'complaint', messages: 1 },
          { intent: 'other', messages: 1 },
        ],
      },
      {
        group: 'x',
        conversations: 3,
        inboundMessages: 3,
        answered: 2,
        firstResponseP50Seconds: 900, // median of 600 s and 1,200 s
        firstResponseP90Seconds: 1140,
        resolved: 0,
        resolutionP50Seconds: null,
        resolutionP90Seconds: null,
        sentiment: { negative: 2, neutral: 1, positive: 0 },
        topIntents: [
          { intent: 'complaint', messages: 2 },
          { intent: 'other', messages: 1 },
        ],
      },
    ]);
  });

  it('groups by day and leaves out conversations that started outside the period', async () => {
    const rows = await buildReport(database, { by: 'day', ...period });
    expect(rows.map((r) => [r.group, r.conversations])).toEqual([
      ['2026-11-01', 4],
      ['2026-11-02', 1],
    ]);
  });
});
