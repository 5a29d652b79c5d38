// X end to end against the local fake X API: contract suite, CRC through the route, mentions and DMs by webhook
// with threaded replies, polling of mentions and recent search with cursor resume across a restart, 429 with
// reset headers pausing only the limited account, and one post reached by webhook and search stored once.
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAccountId } from '../../../src/domain/ids.js';
import { createConnectorSource, pollOnce, type PollWorkerDeps } from '../../../src/pipeline/index.js';
import { dmEventBody, startFakeX, tweetCreateBody, type FakeX } from '../../fakes/x/server.js';
import { ENGINES } from '../../support/databases.js';
import { connectorContract } from './contract.js';
import { silent, startChannelDesk, type ChannelDesk } from './harness.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/x/${name}`, import.meta.url), 'utf8');
const config = (fake: FakeX, over: Record<string, string> = {}) => ({
  consumerKey: fake.consumerKey,
  consumerSecret: fake.consumerSecret,
  accessToken: fake.accessToken,
  accessTokenSecret: fake.accessTokenSecret,
  bearerToken: fake.bearerToken,
  userId: fake.userId,
  apiBaseUrl: fake.url,
  ...over,
});
/** Tweet ids from a contract id: big, distinct, and beyond 2^53. */
const idOf = (seed: string) => `18${[...seed].reduce((h, c) => (h * 31n + BigInt(c.charCodeAt(0))) % 10n ** 17n, 7n).toString().padStart(17, '0')}`;
const signal = new AbortController().signal;

connectorContract({
  kind: 'x',
  async start(desk) {
    const fake = await startFakeX();
    for (let i = 0; i < 23; i++) fake.post({ text: `@acme polled mention ${i}`, authorId: String(7000 + i) });
    const account = await desk.addAccount('x', 'x contract', config(fake));
    const hook = `${desk.url}/hooks/x/${account.id}`;
    return {
      accountId: account.id,
      ackStatus: 200,
      fixtures: ['tweet-create.json', 'dm.json', 'favorite.json'].map((name) => ({ name, send: () => fake.deliver(hook, fixture(name)) })),
      sendInbound: (id, text) => fake.deliver(hook, tweetCreateBody(fake.userId, { id: idOf(id), text, userId: '6253282' })),
      sendForged: () => fake.deliver(hook, tweetCreateBody(fake.userId, { id: '1', text: 'x', userId: '6253282' }), { secret: 'not-the-consumer-secret' }),
      sentCount: async (text) => fake.sends.filter((s) => s.body['text'] === text).length,
      rateLimitNextSend: async (seconds) => fake.rateLimitNextSend(seconds),
      async pollToEnd() {
        const deps: PollWorkerDeps = { database: desk.database, connectors: desk.connectors, log: silent, random: () => 0.5 };
        let stored = 0;
        for (let i = 0; i < 10; i++) {
          const step = await pollOnce(deps, account.id as ChannelAccountId, signal);
          if (step.kind !== 'page') throw new Error(`poll ${step.kind}`);
          stored += step.stored;
          if (step.caughtUp) break;
        }
        return { stored, expected: 23 };
      },
      stop: () => fake.close(),
    };
  },
});

describe.each(ENGINES)('x channel end to end on %s', (engine) => {
  let desk: ChannelDesk;
  let fake: FakeX;
  beforeAll(async () => {
    desk = await startChannelDesk(engine);
    fake = await startFakeX({ pageSize: 5 });
  });
  afterAll(async () => {
    await fake.close();
    await desk.close();
  });
  const deps = (): PollWorkerDeps => ({ database: desk.database, connectors: desk.connectors, log: silent, random: () => 0.5 });
  const inboundTexts = async (accountId: string) =>
    (await sql<{ text: string }>`select text from message where channel_account_id = ${accountId} and direction = 'inbound' order by text`.execute(desk.database.db)).rows.map((r) => r.text);

  it('answers the CRC challenge through the webhook route with the consumer secret\'s HMAC', async () => {
    const account = await desk.addAccount('x', 'crc', config(fake, { pollMentions: 'false' }));
    const res = await fake.crc(`${desk.url}/hooks/x/${account.id}`, 'crc-token-123');
    expect(res.status).toBe(200);
    const expected = (await import('node:crypto')).createHmac('sha256', fake.consumerSecret).update('crc-token-123').digest('base64');
    expect(JSON.parse(res.body)).toEqual({ response_token: `sha256=${expected}` });
  });

  it('threads a reply to a mention on the post answered, and answers a DM in the DM conversation', async () => {
    const account = await desk.addAccount('x', 'replies', config(fake, { pollMentions: 'false' }));
    const hook = `${desk.url}/hooks/x/${account.id}`;
    expect((await fake.deliver(hook, tweetCreateBody(fake.userId, { id: '1346889436626259969', text: '@acme my order is late', userId: '6253282' }))).status).toBe(200);
    expect((await fake.deliver(hook, dmEventBody(fake.userId, { id: '1710000000000000009', senderId: '6253283', text: 'hi in private' }))).status).toBe(200);
    await desk.ingest();
    const convs = await desk.conversationsOf(account.id);
    const onPost = convs.find((c) => c.messages[0]!.text === '@acme my order is late')!;
    const onDm = convs.find((c) => c.messages[0]!.text === 'hi in private')!;
    expect(onPost.messages[0]!.externalId).toBe('1346889436626259969');
    await desk.reply(onPost.id, '@jane sorry, checking');
    await desk.reply(onDm.id, 'Happy to help here');
    expect((await desk.outbox()).sent).toBe(2);
    const reply = fake.sends.find((s) => s.body['text'] === '@jane sorry, checking')!;
    expect(reply).toMatchObject({ kind: 'post', body: { reply: { in_reply_to_tweet_id: '1346889436626259969' } } });
    expect(fake.sends.find((s) => s.body['text'] === 'Happy to help here')).toMatchObject({ kind: 'dm', to: '6253283' });
    // The customer's next post answers ours: it joins the same conversation through our post's id.
    await fake.deliver(hook, tweetCreateBody(fake.userId, { id: '1346889436626262000', text: '@acme thanks!', userId: '6253282', inReplyTo: reply.id }));
    await desk.ingest();
    const after = (await desk.conversationsOf(account.id)).find((c) => c.id === onPost.id)!;
    expect(after.messages.map((m) => [m.externalId, m.inReplyTo])).toEqual([
      ['1346889436626259969', null],
      [reply.id, '1346889436626259969'],
      ['1346889436626262000', reply.id],
    ]);
  });

  it('pages mentions with since_id fixed, resumes after a restart without loss or duplicates, and drops our own posts', async () => {
    const account = await desk.addAccount('x', 'polling', config(fake));
    const id = account.id as ChannelAccountId;
    const firstBatch = Array.from({ length: 12 }, (_, i) => fake.post({ text: `@acme first ${String(i).padStart(2, '0')}`, authorId: String(8000 + i) }));
    const own = fake.post({ text: '@acme our own post', authorId: fake.userId });
    const readsBefore = fake.reads.length;
    const steps = [];
    for (let i = 0; i < 5; i++) {
      const step = await pollOnce(deps(), id, signal);
      steps.push(step);
      if (step.kind === 'page' && step.caughtUp) break;
    }
    expect(steps.map((s) => (s.kind === 'page' ? [s.stored, s.caughtUp] : s.kind))).toEqual([[4, false], [5, false], [3, true]]);
    // Every page of the pass carried the same since_id (none on the first pass) and followed pagination_token.
    expect(fake.reads.slice(readsBefore).map((q) => [q.get('since_id'), q.get('pagination_token') !== null])).toEqual([[null, false], [null, true], [null, true]]);

    // "Restart": a new connector source reads the cursor from the store; new mentions arrive meanwhile.
    const restarted: PollWorkerDeps = { ...deps(), connectors: createConnectorSource({ database: desk.database, secretKey: desk.secretKey, publicUrl: desk.url, timeoutMs: 2000, cacheMs: 0 }) };
    fake.post({ text: '@acme after restart A', authorId: '8100' });
    fake.post({ text: '@acme after restart B', authorId: '8101' });
    const step = await pollOnce(restarted, id, signal);
    expect(step).toMatchObject({ kind: 'page', stored: 2, caughtUp: true });
    // The pass resumed from the newest post of the first pass (our own, which is skipped but still read).
    expect(fake.reads.at(-1)!.get('since_id')).toBe(own.id);
    await desk.ingest();
    const texts = (await inboundTexts(account.id)).filter((t) => t.startsWith('@acme first') || t.startsWith('@acme after') || t.includes('own post'));
    expect(texts).toEqual([...firstBatch.map((p) => p.text), '@acme after restart A', '@acme after restart B'].sort());
  });

  it('waits until x-rate-limit-reset after a 429 without moving the cursor, and pauses only that account', async () => {
    const limited = await desk.addAccount('x', 'limited', config(fake));
    const other = await desk.addAccount('x', 'other', config(fake));
    await pollOnce(deps(), limited.id as ChannelAccountId, signal);
    const cursor = async () => (await sql<{ c: string | null }>`select poll_cursor as c from channel_account where id = ${limited.id}`.execute(desk.database.db)).rows[0]!.c;
    const before = await cursor();
    fake.rateLimitNextRead(120);
    const failed = await pollOnce(deps(), limited.id as ChannelAccountId, signal);
    expect(failed).toMatchObject({ kind: 'failed' });
    expect(failed.kind === 'failed' && failed.waitMs).toBeGreaterThanOrEqual(118_000);
    expect(await cursor()).toBe(before);
    // The other account is not paused by it.
    expect(await pollOnce(deps(), other.id as ChannelAccountId, signal)).toMatchObject({ kind: 'page' });
  });

  it('stores a post once when the webhook and the recent search both deliver it', async () => {
    const account = await desk.addAccount('x', 'listening', config(fake, { pollMentions: 'false', searchQuery: '"acmebank"' }));
    const p = fake.post({ text: 'is acmebank down again?', authorId: '9001' });
    await fake.deliver(`${desk.url}/hooks/x/${account.id}`, tweetCreateBody(fake.userId, { id: p.id, text: p.text, userId: '9001' }));
    const step = await pollOnce(deps(), account.id as ChannelAccountId, signal);
    expect(step).toMatchObject({ kind: 'page', stored: 1, caughtUp: true });
    expect(fake.reads.at(-1)!.get('query')).toBe('"acmebank"');
    await desk.ingest();
    expect(await inboundTexts(account.id)).toEqual(['is acmebank down again?']);
  });

  it('answers a signed delivery that is not JSON with 400 and a dead letter', async () => {
    const account = await desk.addAccount('x', 'malformed', config(fake, { pollMentions: 'false' }));
    const res = await fake.deliver(`${desk.url}/hooks/x/${account.id}`, 'for_user_id=1');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'WEBHOOK_MALFORMED', message: 'x webhook: body: not UTF-8 JSON' } });
    expect(await desk.count(`raw_inbound where status = 'dead'`, account.id)).toBe(1);
  });
});
