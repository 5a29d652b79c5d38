// GET /api/exports/conversations.csv on both engines: one row per conversation started in the period, paged by
// id without loss or repeat, limited to the caller's conversation scope, and safe to open in a spreadsheet.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONVERSATION_CSV_HEADER, exportConversationsCsv, MESSAGE_CSV_HEADER } from '../../../src/insights/index.js';
import { ENGINES } from '../../support/databases.js';
import { bearer, conversationOf, inbound, ingest, moveToQueue, openDesk, START, withToken, type Desk } from '../server/harness.js';

const Q = `since=${encodeURIComponent(new Date(START - 86_400_000).toISOString())}&until=${encodeURIComponent(new Date(START + 86_400_000).toISOString())}`;

describe.each(ENGINES)('conversation export on %s', (engine) => {
  let desk: Desk;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    desk = await openDesk(engine);
    await ingest(desk, ['ex-a1', 'ex-a2', 'ex-b1', 'ex-t1', 'ex-t2'].map((id) => inbound(id)));
    for (const id of ['ex-a1', 'ex-a2', 'ex-b1', 'ex-t1', 'ex-t2']) ids[id] = await conversationOf(desk, id);
    await moveToQueue(desk, [ids['ex-a1']!, ids['ex-a2']!], desk.queues.a.id);
    await moveToQueue(desk, [ids['ex-b1']!], desk.queues.b.id);
    await sql`update conversation set tags = '{"=HYPERLINK(\\"http://evil\\")","vip"}', first_response_at = first_inbound_at + interval '90 seconds'
      where id = ${ids['ex-a1']!}`.execute(desk.database.db);
  });
  afterAll(async () => {
    await desk.close();
  });

  async function csv(agent: keyof Desk['agents']): Promise<string[]> {
    const res = await desk.app.inject({ method: 'GET', url: `/api/exports/conversations.csv?${Q}`, headers: withToken(await bearer(desk, desk.agents[agent])) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    return res.body.trim().split('\n');
  }

  it('exports every conversation to an admin, with formulas defused and the first-response time', async () => {
    const lines = await csv('admin');
    expect(lines[0]).toBe(CONVERSATION_CSV_HEADER);
    expect(lines).toHaveLength(6);
    const a1 = lines.find((l) => l.startsWith(ids['ex-a1']!))!;
    expect(a1).toContain(`,Queue A,`);
    expect(a1).toContain(`,"'=HYPERLINK(""http://evil"") vip",`);
    expect(a1.split(',').at(-2)).toBe('90');
    expect(lines.slice(1).map((l) => l.slice(0, 36))).toEqual(Object.values(ids).sort());
  });

  it("limits a lead to their team's and unteamed queues, an agent to their team, and answers 403 to a viewer", async () => {
    const lead = (await csv('lead')).slice(1).map((l) => l.slice(0, 36)).sort();
    expect(lead).toEqual([ids['ex-a1'], ids['ex-a2'], ids['ex-t1'], ids['ex-t2']].sort());
    const bob = (await csv('agentB')).slice(1).map((l) => l.slice(0, 36));
    expect(bob).toEqual([ids['ex-b1']]);
    const viewer = await desk.app.inject({ method: 'GET', url: `/api/exports/conversations.csv?${Q}`, headers: withToken(await bearer(desk, desk.agents.viewer)) });
    expect(viewer.statusCode).toBe(403);
  });

  it('exports the messages of the period in scope, text included and defused', async () => {
    await sql`update message set text = '@SUM(A1) please' where external_id = 'ex-b1'`.execute(desk.database.db);
    const res = await desk.app.inject({ method: 'GET', url: `/api/exports/messages.csv?${Q}`, headers: withToken(await bearer(desk, desk.agents.agentB)) });
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toBe(MESSAGE_CSV_HEADER);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^[0-9a-f-]{36},${ids['ex-b1']},x,brand-x,inbound,cust-ex-b1,[^,]+,true,.*,'@SUM\\(A1\\) please$`));
    const all = await desk.app.inject({ method: 'GET', url: `/api/exports/messages.csv?${Q}`, headers: withToken(await bearer(desk, desk.agents.admin)) });
    expect(all.body.trim().split('\n')).toHaveLength(6);
  });

  it('pages by id without losing or repeating a row', async () => {
    const chunks: string[] = [];
    for await (const chunk of exportConversationsCsv(desk.database, { since: new Date(START - 86_400_000), until: new Date(START + 86_400_000), scope: { kind: 'all' }, pageSize: 2 })) chunks.push(chunk);
    expect(chunks).toHaveLength(4); // header, 2 + 2 + 1
    expect(chunks.join('').trim().split('\n')).toEqual(await csv('admin'));
  });
});
