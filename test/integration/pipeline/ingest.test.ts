import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import { drainIngest } from '../../../src/pipeline/ingest-worker.js';
import { ensureChannelAccount, ensureOrganisation, storeRawInbound, type ChannelAccountRef } from '../../../src/store/index.js';
import { ENGINES, openTestDatabase, type TestDatabase } from '../../support/databases.js';
import { fixedTriager } from '../../support/fixed-triager.js';

const log = pino({ level: 'silent' });
const DAY = 86_400_000;

function message(id: string, over: Partial<InboundMessage> = {}): InboundMessage {
  return { externalId: id, direction: 'inbound', author: { handle: 'cust-1' }, text: `text ${id}`, sentAt: 1_700_000_000_000, isPublic: true, ...over };
}

describe.each(ENGINES)('ingest pipeline on %s', (engine) => {
  let database: TestDatabase;
  let account: ChannelAccountRef;
  let counter = 0;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await database.close();
  });

  async function freshAccount(): Promise<ChannelAccountRef> {
    const org = await ensureOrganisation(database.db);
    account = await ensureChannelAccount(database.db, { organisationId: org.id, kind: 'x', name: `acct-${++counter}` });
    return account;
  }
  const deps = (workerId = 'w1') => ({
    database,
    triager: fixedTriager,
    log,
    reopenWindowMs: 7 * DAY,
    batchSize: 100,
    workerId,
    concurrency: 1,
  });
  async function deliver(items: InboundMessage[], dedupe = true): Promise<void> {
    await storeRawInbound(
      database.db,
      items.map((m) => ({
        organisationId: account.organisationId,
        channelAccountId: account.id,
        source: 'normalised',
        dedupeKey: dedupe ? m.externalId : null,
        payload: m,
      })),
    );
  }
  async function counts(): Promise<{ messages: number; conversations: number; contacts: number }> {
    const r = await sql<{ messages: number; conversations: number; contacts: number }>`
      select (select count(*)::int from message where channel_account_id = ${account.id}) as messages,
             (select count(*)::int from conversation where channel_account_id = ${account.id}) as conversations,
             (select count(distinct contact_id)::int from contact_identity where handle like 'cust-%') as contacts`.execute(database.db);
    return r.rows[0]!;
  }

  it('stores one message and one conversation when the same item is delivered twice', async () => {
    await freshAccount();
    await deliver([message('a1')]);
    await drainIngest(deps());
    await deliver([message('a1')]);
    await deliver([message('a1')], false);
    await drainIngest(deps());
    const c = await counts();
    expect(c.messages).toBe(1);
    expect(c.conversations).toBe(1);
  });

  it('stores one message and one conversation when 8 callers deliver and process the same item at once', async () => {
    await freshAccount();
    await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        await deliver([message('b1')], i % 2 === 0);
        await drainIngest(deps(`w${i}`));
      }),
    );
    await drainIngest(deps());
    const c = await counts();
    expect(c.messages).toBe(1);
    expect(c.conversations).toBe(1);
    const raw = await sql<{ n: number }>`select count(*)::int as n from raw_inbound where channel_account_id = ${account.id} and status <> 'done'`.execute(database.db);
    expect(raw.rows[0]!.n).toBe(0);
  });

  it('joins a reply that arrives before its parent into the parent conversation', async () => {
    await freshAccount();
    await deliver([message('c3', { inReplyToExternalId: 'c2', sentAt: 1_700_000_300_000 })]);
    await drainIngest(deps());
    await deliver([message('c2', { inReplyToExternalId: 'c1', direction: 'outbound', author: { handle: 'Brand' }, sentAt: 1_700_000_200_000 })]);
    await drainIngest(deps());
    await deliver([message('c1', { sentAt: 1_700_000_100_000 }), message('d1', { author: { handle: 'cust-2' } })]);
    await drainIngest(deps());
    const convs = await sql<{ n: number; first_response_at: Date | null; contact_id: string | null; status: string }>`
      select message_count as n, first_response_at, contact_id, status from conversation
      where channel_account_id = ${account.id} order by message_count desc`.execute(database.db);
    expect(convs.rows.map((r) => r.n)).toEqual([3, 1]);
    expect(new Date(convs.rows[0]!.first_response_at!).getTime()).toBe(1_700_000_200_000);
    expect(convs.rows[0]!.contact_id).not.toBeNull();
    expect(convs.rows[0]!.status).toBe('open');
  });

  it('reopens a resolved conversation inside the window and starts a new one after it', async () => {
    await freshAccount();
    await deliver([message('e1', { threadKey: 'dm-1' })]);
    await drainIngest(deps());
    await sql`update conversation set status = 'resolved', resolved_at = to_timestamp(1700000000) where channel_account_id = ${account.id}`.execute(database.db);
    await deliver([message('e2', { threadKey: 'dm-1', sentAt: 1_700_000_000_000 + DAY })]);
    await drainIngest(deps());
    let rows = await sql<{ status: string; n: number }>`select status, message_count as n from conversation where channel_account_id = ${account.id}`.execute(database.db);
    expect(rows.rows).toEqual([{ status: 'open', n: 2 }]);
    await sql`update conversation set status = 'resolved', resolved_at = to_timestamp(1700086400) where channel_account_id = ${account.id}`.execute(database.db);
    await deliver([message('e3', { threadKey: 'dm-1', sentAt: 1_700_000_000_000 + 30 * DAY })]);
    await drainIngest(deps());
    rows = await sql<{ status: string; n: number }>`select status, message_count as n from conversation where channel_account_id = ${account.id} order by created_at, n desc`.execute(database.db);
    expect(rows.rows).toEqual([
      { status: 'resolved', n: 2 },
      { status: 'new', n: 1 },
    ]);
  });

  it('keeps a known conversation language when a short follow-up is "unknown"', async () => {
    await freshAccount();
    await deliver([message('g1', { threadKey: 'dm-g', text: 'my parcel never arrived at all' })]);
    await drainIngest(deps());
    await deliver([message('g2', { threadKey: 'dm-g', text: 'hello?', sentAt: 1_700_000_100_000 })]);
    await drainIngest(deps());
    const r = await sql<{ language: string }>`select language from conversation where channel_account_id = ${account.id}`.execute(database.db);
    expect(r.rows).toEqual([{ language: 'en' }]);
  });

  it('merges contacts across channels on a verified email', async () => {
    const org = await ensureOrganisation(database.db);
    const mail = await ensureChannelAccount(database.db, { organisationId: org.id, kind: 'email', name: 'mail-merge' });
    const chat = await ensureChannelAccount(database.db, { organisationId: org.id, kind: 'webchat', name: 'chat-merge' });
    for (const [acct, handle] of [
      [mail, 'Ann@Example.com'],
      [chat, 'visitor-77'],
    ] as const) {
      await storeRawInbound(database.db, [
        {
          organisationId: org.id,
          channelAccountId: acct.id,
          source: 'normalised',
          dedupeKey: null,
          payload: message(`m-${handle}`, { author: { handle, verifiedEmail: 'ann@example.com' } }),
        },
      ]);
      await drainIngest(deps());
    }
    const r = await sql<{ n: number }>`select count(distinct contact_id)::int as n from contact_identity where handle in ('Ann@Example.com', 'visitor-77')`.execute(database.db);
    expect(r.rows[0]!.n).toBe(1);
  });

  it('dead-letters a malformed raw row with its reason and still processes the rest of the batch', async () => {
    await freshAccount();
    await storeRawInbound(database.db, [
      { organisationId: account.organisationId, channelAccountId: account.id, source: 'normalised', dedupeKey: null, payload: { externalId: 'x' } },
    ]);
    await deliver([message('f1')]);
    const totals = await drainIngest(deps());
    expect(totals.dead).toBe(1);
    const dead = await sql<{ dead_reason: string }>`select dead_reason from raw_inbound where channel_account_id = ${account.id} and status = 'dead'`.execute(database.db);
    expect(dead.rows[0]!.dead_reason).toMatch(/direction|author|text/);
    expect((await counts()).messages).toBe(1);
  });
});
