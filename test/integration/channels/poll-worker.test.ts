// The generic poller against a paging provider, through an injected connector (no channel of this issue polls):
// pages to the end, resumes from the stored cursor after a failure or a restart, never stores an item twice,
// and waits out Retry-After.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/channels/index.js';
import { ChannelError } from '../../../src/domain/errors.js';
import type { ChannelAccountId } from '../../../src/domain/ids.js';
import { pollOnce, type AccountConnector, type ConnectorSource, type PollWorkerDeps } from '../../../src/pipeline/index.js';
import { loadChannelAccount, savePollCursor } from '../../../src/store/index.js';
import { startPagedFeed, type PagedFeed } from '../../fakes/paged-feed/server.js';
import { ENGINES } from '../../support/databases.js';
import { silent, startChannelDesk, type ChannelDesk } from './harness.js';
import { parseRateLimit, parseRetryAfter, RATE_LIMIT_HEADERS } from '../../../src/channels/index.js';

/** A connector that polls the fake feed and yields web chat frames, so the real normaliser parses them. */
function feedConnector(feed: PagedFeed): Connector {
  return {
    kind: 'webchat',
    limits: { maxTextLength: 100, messagingWindowMs: null, isPublic: false, threading: 'thread-key', canReply: false },
    acknowledge: () => ({ status: 200, contentType: 'text/plain', body: '' }),
    parseInbound: () => ({ kind: 'invalid', reason: 'unused' }),
    async poll(cursor) {
      const res = await fetch(`${feed.url}/items?limit=10${cursor ? `&cursor=${cursor}` : ''}`);
      if (res.status === 429) {
        const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), Date.now());
        throw new ChannelError('CHANNEL_RATE_LIMITED', 'feed: 429', { retryable: true, ...(retryAfterMs === null ? {} : { retryAfterMs }) });
      }
      if (res.status >= 500) throw new ChannelError('CHANNEL_UNAVAILABLE', `feed: ${res.status}`, { retryable: true });
      const body = (await res.json()) as { items: { id: string; text: string }[]; next: string; more: boolean };
      const rateLimit = parseRateLimit(res.headers, RATE_LIMIT_HEADERS.mastodon, Date.now());
      return {
        items: body.items.map((i) => ({ dedupeKey: i.id, payload: { visitorId: 'feed', clientMsgId: i.id, body: i.text, ts: Date.now() } })),
        nextCursor: body.next,
        caughtUp: !body.more,
        ...(rateLimit ? { rateLimit } : {}),
      };
    },
    sendReply: () => Promise.reject(new Error('unused')),
    testConnection: async () => ({ ok: true, detail: 'fake' }),
  };
}

describe.each(ENGINES)('poller on %s', (engine) => {
  let desk: ChannelDesk;
  let feed: PagedFeed;
  let accountId: ChannelAccountId;
  let deps: PollWorkerDeps;
  beforeAll(async () => {
    desk = await startChannelDesk(engine);
    feed = await startPagedFeed(25);
    accountId = (await desk.addAccount('webchat', 'polled feed', { allowedOrigins: '*' })).id;
    const account = (await loadChannelAccount(desk.database.db, desk.secretKey, accountId))!;
    const found: AccountConnector = { account, connector: feedConnector(feed), webhookUrl: undefined };
    const connectors: ConnectorSource = { get: async (id) => (id === accountId ? found : null), forget: () => undefined };
    deps = { database: desk.database, connectors, log: silent, random: () => 0.5, backoff: { baseMs: 1000, maxMs: 60_000 } };
  });
  afterAll(async () => {
    await feed.close();
    await desk.close();
  });
  const stored = async () => (await sql<{ n: number }>`select count(*)::int as n from raw_inbound where channel_account_id = ${accountId}`.execute(desk.database.db)).rows[0]!.n;
  const signal = new AbortController().signal;

  it('pages to the end, resumes after a failure and a lost cursor write, and stores every item once', async () => {
    expect(await pollOnce(deps, accountId, signal)).toMatchObject({ kind: 'page', stored: 10, caughtUp: false, waitMs: 0 });
    // The provider fails: back off, nothing stored, cursor unchanged.
    await fetch(`${feed.url}/__control/fail-next`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 503 }) });
    expect(await pollOnce(deps, accountId, signal)).toMatchObject({ kind: 'failed', waitMs: 750 });
    const before = (await loadChannelAccount(desk.database.db, desk.secretKey, accountId))!.pollCursor;
    expect(await pollOnce(deps, accountId, signal)).toMatchObject({ kind: 'page', stored: 10 });
    // A crash after the page was stored but before the cursor was written: the page is read again, stored once.
    await savePollCursor(desk.database.db, accountId, before);
    expect(await pollOnce(deps, accountId, signal)).toMatchObject({ kind: 'page', stored: 0, duplicates: 10 });
    // "Restart": a new step reads the cursor from the store, not from memory.
    expect(await pollOnce(deps, accountId, signal)).toMatchObject({ kind: 'page', stored: 5, caughtUp: true, waitMs: 60_000 });
    expect(await stored()).toBe(25);
    await desk.ingest();
    const texts = (await desk.conversationsOf(accountId)).flatMap((c) => c.messages.map((m) => m.text));
    expect(texts).toHaveLength(25);
    expect(new Set(texts).size).toBe(25);
  });

  it('waits at least Retry-After after a 429', async () => {
    await fetch(`${feed.url}/__control/fail-next`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 429, retryAfter: '120' }) });
    expect(await pollOnce(deps, accountId, signal)).toMatchObject({ kind: 'failed', waitMs: 120_000 });
  });
});
