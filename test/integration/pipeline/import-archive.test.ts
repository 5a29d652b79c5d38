import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArchive } from '../../../src/pipeline/import-archive.js';
import { ensureChannelAccount, ensureOrganisation } from '../../../src/store/index.js';
import { ENGINES, openTestDatabase, type TestDatabase } from '../../support/databases.js';
import { fixedTriager } from '../../support/fixed-triager.js';
import { TWCS_SAMPLE, twcsThreadsByUnionFind } from '../../support/twcs.js';

const log = pino({ level: 'silent' });
const dir = mkdtempSync(join(tmpdir(), 'earshot-import-'));

/** Real rows of the TWCS sample, in the file's own (out-of-thread) order, plus one bad row of each kind. */
function writeHandCountedFixture(): string {
  const sample = readFileSync(TWCS_SAMPLE, 'utf8').split('\n');
  const rowsById = new Map(sample.slice(1).map((l) => [l.split(',')[0], l]));
  const pick = (id: string) => rowsById.get(id)!;
  const lines = [
    sample[0]!,
    ...['1', '2', '3', '4', '5', '6', '8'].map(pick), // thread A: 8 ← 6 ← 5 ← 4 ← 3 ← 1 ← 2 (line 2-8)
    '99,sprintcare,False,Tue Oct 31 22:10:47 +0000 2017,too few columns', // line 9: wrong column count
    ...['11', '12', '15', '16', '17', '18'].map(pick), // thread B: 18 ← 17 ← 16 ← 15 ← 12 ← 11 (lines 10-15)
    '100,115800,True,31st of Octember,@sprintcare hello,,', // line 16: unparseable date
    '101,115800,True,Tue Oct 31 22:10:47 +0000 2017,,,', // line 17: empty text
    ...['19', '20'].map(pick), // thread C: 19 ← 20 ← (21, not in the file) (lines 18-19)
    `102,115801,True,Tue Oct 31 22:10:47 +0000 2017,${'x'.repeat(100_001)},,`, // line 20: over the limit
  ];
  const path = join(dir, 'hand-counted.csv');
  const bytes = Buffer.concat([
    Buffer.from(`${lines.join('\n')}\n`),
    Buffer.from('103,115802,True,Tue Oct 31 22:10:47 +0000 2017,broken '),
    Buffer.from([0xff, 0xfe]),
    Buffer.from(' bytes,,\n'), // line 21: broken UTF-8
  ]);
  writeFileSync(path, bytes);
  return path;
}

describe.each(ENGINES)('importArchive on %s', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await database.close();
  });
  const deps = { triager: fixedTriager, log, reopenWindowMs: 7 * 86_400_000, batchSize: 500, workerId: 'import', concurrency: 1 };

  it('rebuilds hand-counted TWCS threads, rejects bad rows with line numbers, and adds nothing on re-import', async () => {
    const org = await ensureOrganisation(database.db);
    const account = await ensureChannelAccount(database.db, { organisationId: org.id, kind: 'x', name: 'hand-counted' });
    const path = writeHandCountedFixture();
    const rejectsPath = join(dir, `${engine}-rejects.jsonl`);
    const summary = await importArchive({ ...deps, database }, { path, format: 'twcs', account, rejectsPath, chunkSize: 4 });
    expect(summary).toMatchObject({ rows: 20, stored: 15, duplicates: 0, rejected: 5, messages: 15 });
    const rejects = readFileSync(rejectsPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; reason: string });
    expect(rejects.map((r) => [r.line, r.reason.split(':')[0]])).toEqual([
      [9, 'wrong column count'],
      [16, 'created_at'],
      [17, 'empty text'],
      [20, 'text over the limit'],
      [21, 'broken UTF-8 in text (invalid byte sequence)'],
    ]);
    const threads = await sql<{ n: number; frt: number | null; contact: string | null }>`
      select c.message_count as n, extract(epoch from c.first_response_at - c.first_inbound_at)::int as frt, i.handle as contact
      from conversation c left join contact_identity i on i.contact_id = c.contact_id
      where c.channel_account_id = ${account.id} order by c.message_count desc`.execute(database.db);
    expect(threads.rows).toEqual([
      { n: 7, frt: 74, contact: '115712' },
      { n: 6, frt: 192, contact: '115713' },
      { n: 2, frt: 396, contact: '115715' },
    ]);

    const again = await importArchive({ ...deps, database }, { path, format: 'twcs', account, rejectsPath, chunkSize: 4 });
    expect(again).toMatchObject({ stored: 0, duplicates: 15, rejected: 5, messages: 0 });
    const count = await sql<{ n: number }>`select count(*)::int as n from message where channel_account_id = ${account.id}`.execute(database.db);
    expect(count.rows[0]!.n).toBe(15);
  });

  it('threads the 5,000-row TWCS sample exactly as an independent union-find over its reply links', async () => {
    const org = await ensureOrganisation(database.db);
    const account = await ensureChannelAccount(database.db, { organisationId: org.id, kind: 'x', name: 'sample' });
    const summary = await importArchive({ ...deps, database }, { path: TWCS_SAMPLE, format: 'twcs', account, rejectsPath: join(dir, 'sample.rejects') });
    expect(summary).toMatchObject({ rows: 5000, stored: 5000, rejected: 0, messages: 5000 });
    const expected = twcsThreadsByUnionFind(readFileSync(TWCS_SAMPLE, 'utf8'));
    const sizes = await sql<{ n: number }>`select message_count as n from conversation where channel_account_id = ${account.id} order by n desc`.execute(database.db);
    expect(sizes.rows.map((r) => r.n)).toEqual(expected);
  });
});
