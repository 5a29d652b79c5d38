import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../support/databases.js';
import { bearer, conversationOf, inbound, ingest, moveToQueue, openDesk, START, withToken, type Desk } from './harness.js';

interface Summary {
  id: string;
  priority: number;
  lastMessageAt: string;
  queueId: string;
  status: string;
}
interface Page {
  items: Summary[];
  nextCursor: string | null;
}

describe.each(ENGINES)('conversations API on %s', (engine) => {
  let desk: Desk;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    desk = await openDesk(engine);
    for (const [name, agent] of Object.entries(desk.agents)) tokens[name] = await bearer(desk, agent);
    await ingest(desk, [
      inbound('a1', { text: 'my router is broken again', sentAt: START - 50_000, author: { handle: 'pat', displayName: 'Pat' } }),
      inbound('a2', { text: 'thanks for the quick help', sentAt: START - 40_000 }),
      inbound('b1', { text: 'the router blinks red', sentAt: START - 30_000, author: { handle: 'pat', displayName: 'Pat' } }),
      inbound('b2', { text: 'where is my parcel', sentAt: START - 20_000 }),
      inbound('t1', { text: 'router question for triage', sentAt: START - 10_000 }),
      inbound('t2', { text: 'hello there friends', sentAt: START - 5_000 }),
    ]);
    for (const k of ['a1', 'a2', 'b1', 'b2', 't1', 't2']) ids[k] = await conversationOf(desk, k);
    await moveToQueue(desk, [ids['a1']!, ids['a2']!], desk.queues.a.id);
    await moveToQueue(desk, [ids['b1']!, ids['b2']!], desk.queues.b.id);
  });
  afterAll(async () => {
    await desk.close();
  });

  const get = async (who: string, url: string) => desk.app.inject({ method: 'GET', url, headers: withToken(tokens[who]!) });
  const listIds = async (who: string, query = '') => {
    const res = await get(who, `/api/conversations?limit=200${query}`);
    expect(res.statusCode).toBe(200);
    return (res.json() as Page).items.map((c) => c.id).sort();
  };
  const sorted = (...keys: string[]) => keys.map((k) => ids[k]!).sort();

  it('shows each role only the conversations of its teams (unteamed Triage: admins, leads, agents of no team)', async () => {
    expect(await listIds('admin')).toEqual(sorted('a1', 'a2', 'b1', 'b2', 't1', 't2'));
    expect(await listIds('lead')).toEqual(sorted('a1', 'a2', 't1', 't2'));
    expect(await listIds('agentA')).toEqual(sorted('a1', 'a2'));
    expect(await listIds('agentB')).toEqual(sorted('b1', 'b2'));
    expect(await listIds('loner')).toEqual(sorted('t1', 't2'));
    expect((await get('viewer', '/api/conversations')).statusCode).toBe(403);
  });

  it('searches message text within the same scope', async () => {
    expect(await listIds('admin', '&q=router')).toEqual(sorted('a1', 'b1', 't1'));
    expect(await listIds('agentA', '&q=router')).toEqual(sorted('a1'));
    expect(await listIds('agentB', '&q=router%20red')).toEqual(sorted('b1'));
    expect(await listIds('agentB', '&q=parcel%20OR%20broken')).toEqual(sorted('b2'));
  });

  it('counts only what the caller may see', async () => {
    const counts = async (who: string) => (await get(who, '/api/conversations/counts')).json() as { total: number; unassigned: number };
    expect((await counts('admin')).total).toBe(6);
    expect((await counts('agentA')).total).toBe(2);
    expect((await counts('lead')).total).toBe(4);
    expect((await counts('agentB')).unassigned).toBe(2);
  });

  it('filters by queue, team, channel, sentiment, priority and time', async () => {
    expect(await listIds('admin', `&queue=${desk.queues.b.id}`)).toEqual(sorted('b1', 'b2'));
    expect(await listIds('admin', `&team=${desk.teams.a.id}`)).toEqual(sorted('a1', 'a2'));
    expect(await listIds('admin', '&channel=x&sentiment=negative')).toEqual(sorted('a1'));
    expect(await listIds('admin', '&priorityMin=50')).toEqual(sorted('a1'));
    expect(await listIds('admin', `&since=${encodeURIComponent(new Date(START - 12_000).toISOString())}`)).toEqual(sorted('t1', 't2'));
    expect(await listIds('admin', '&status=new,open&assignee=none')).toHaveLength(6);
    expect((await get('admin', '/api/conversations?status=bogus')).statusCode).toBe(400);
  });

  it('sorts by last activity and by priority', async () => {
    const byActivity = ((await get('admin', '/api/conversations')).json() as Page).items.map((c) => c.id);
    expect(byActivity).toEqual(['t2', 't1', 'b2', 'b1', 'a2', 'a1'].map((k) => ids[k]));
    const byPriority = ((await get('admin', '/api/conversations?sort=priority')).json() as Page).items;
    expect(byPriority[0]!.id).toBe(ids['a1']);
    expect(byPriority.map((c) => c.priority)).toEqual([...byPriority.map((c) => c.priority)].sort((x, y) => y - x));
    expect((await get('admin', '/api/conversations?sort=sla_due')).statusCode).toBe(200);
  });

  it('returns a conversation with its messages and triage reasons, and 404 outside the caller’s teams', async () => {
    const res = await get('agentA', `/api/conversations/${ids['a1']}`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { conversation: Summary; messages: { text: string; triage: { modelVersion: string; sentiment: { value: string; reasons: string[] } } }[] };
    expect(body.messages[0]!.text).toBe('my router is broken again');
    expect(body.messages[0]!.triage.modelVersion).toBe('fixed-test');
    expect(body.messages[0]!.triage.sentiment.value).toBe('negative');
    const other = await get('agentB', `/api/conversations/${ids['a1']}`);
    expect(other.statusCode).toBe(404);
    expect((other.json() as { error: { code: string } }).error.code).toBe('CONVERSATION_NOT_FOUND');
    expect((await get('agentA', '/api/conversations/not-a-uuid')).statusCode).toBe(404);
  });

  it('shows a contact’s timeline across conversations, limited to the caller’s teams', async () => {
    const detail = (await get('admin', `/api/conversations/${ids['a1']}`)).json() as { conversation: { contactId: string } };
    const contactId = detail.conversation.contactId;
    const all = (await get('admin', `/api/contacts/${contactId}`)).json() as { conversationIds: string[]; identities: { handle: string }[]; timeline: { text: string }[] };
    expect(all.conversationIds.sort()).toEqual(sorted('a1', 'b1'));
    expect(all.identities.map((i) => i.handle)).toEqual(['pat']);
    const a = (await get('agentA', `/api/contacts/${contactId}`)).json() as { conversationIds: string[]; timeline: { text: string }[] };
    expect(a.conversationIds).toEqual([ids['a1']]);
    expect(a.timeline.map((t) => t.text)).toEqual(['my router is broken again']);
    expect((await get('loner', `/api/contacts/${contactId}`)).statusCode).toBe(404);
  });

  it('rejects a tampered cursor with 400', async () => {
    const res = await get('admin', '/api/conversations?cursor=eyJmb28iOjF9');
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { code: string } }).error.code).toBe('INPUT_INVALID');
  });
});

describe.each(ENGINES)('conversation pagination on %s', (engine) => {
  let desk: Desk;
  let token: string;
  beforeAll(async () => {
    desk = await openDesk(engine);
    token = await bearer(desk, desk.agents.agentA);
  });
  afterAll(async () => {
    await desk.close();
  });

  async function pageThrough(sort: string, between: (page: number, seen: string[]) => Promise<void>): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const res = await desk.app.inject({
        method: 'GET',
        url: `/api/conversations?limit=7&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`,
        headers: withToken(token),
      });
      expect(res.statusCode).toBe(200);
      const body = res.json() as Page;
      seen.push(...body.items.map((c) => c.id));
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
      await between(page, seen);
    }
    return seen;
  }

  it('pages through search results: every match once, in order', async () => {
    const items = Array.from({ length: 40 }, (_, i) => inbound(`s-${i}`, { sentAt: START - 200_000 + i * 1000, text: i % 4 === 0 ? `searchable needle ${i}` : `haystack ${i}` }));
    await ingest(desk, items);
    const ids: string[] = [];
    for (const m of items) ids.push(await conversationOf(desk, m.externalId));
    await moveToQueue(desk, ids, desk.queues.a.id);
    const expected = ids.filter((_, i) => i % 4 === 0).reverse();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await desk.app.inject({ method: 'GET', url: `/api/conversations?limit=3&q=needle${cursor ? `&cursor=${cursor}` : ''}`, headers: withToken(token) });
      const body = res.json() as Page;
      seen.push(...body.items.map((c) => c.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
    await sql`update conversation set queue_id = ${desk.queues.b.id}::uuid where queue_id = ${desk.queues.a.id}::uuid`.execute(desk.database.db);
  });

  for (const sort of ['last_activity', 'priority'] as const) {
    it(`neither skips nor repeats rows while new messages arrive (sort ${sort})`, async () => {
      const prefix = `${sort}-`;
      const items = Array.from({ length: 30 }, (_, i) => inbound(`${prefix}${i}`, { sentAt: START - 100_000 + i * 1000, text: i % 3 === 0 ? 'refund please' : `plain ${i}` }));
      await ingest(desk, items);
      const original: string[] = [];
      for (const m of items) original.push(await conversationOf(desk, m.externalId));
      await moveToQueue(desk, original, desk.queues.a.id);
      let n = 0;
      const seen = await pageThrough(sort, async (_page, seenSoFar) => {
        // A message into a conversation not yet shown (it jumps to the top), one into one already shown, and a
        // brand-new conversation.
        const unseen = original.filter((id) => !seenSoFar.includes(id));
        const target = unseen.at(-1);
        const repliesTo = items[original.indexOf(target ?? original[0]!)]!;
        const shown = items[original.indexOf(seenSoFar.find((id) => original.includes(id))!)]!;
        n++;
        await ingest(desk, [
          inbound(`${prefix}late-${n}`, { threadKey: repliesTo.threadKey!, author: repliesTo.author, text: 'refund now angry', sentAt: START + n * 1000 }),
          inbound(`${prefix}again-${n}`, { threadKey: shown.threadKey!, author: shown.author, text: 'plain follow-up', sentAt: START + n * 1000 + 1 }),
          inbound(`${prefix}new-${n}`, { sentAt: START + n * 1000 + 2, text: 'refund refund' }),
        ]);
        const fresh = await conversationOf(desk, `${prefix}new-${n}`);
        await moveToQueue(desk, [fresh], desk.queues.a.id);
      });
      const mine = seen.filter((id) => original.includes(id));
      expect(new Set(seen).size).toBe(seen.length);
      expect(mine.sort()).toEqual([...original].sort());
      expect(n).toBeGreaterThan(2);
      // Clean up for the next sort: everything out of team A.
      await sql`update conversation set queue_id = ${desk.queues.b.id}::uuid where queue_id = ${desk.queues.a.id}::uuid`.execute(desk.database.db);
    });
  }
});
