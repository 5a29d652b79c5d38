// GET /api/reports: a lead's figures cover their teams' queues (and the unteamed Triage queue they also work);
// admins and viewers see the whole organisation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../support/databases.js';
import { bearer, conversationOf, inbound, ingest, moveToQueue, openDesk, START, withToken, type Desk } from './harness.js';

describe.each(ENGINES)('reports on %s', (engine) => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await openDesk(engine);
    await ingest(desk, [inbound('ra-1'), inbound('ra-2'), inbound('rb-1'), inbound('rb-2'), inbound('rb-3'), inbound('rt-1')]);
    await moveToQueue(desk, [await conversationOf(desk, 'ra-1'), await conversationOf(desk, 'ra-2')], desk.queues.a.id);
    await moveToQueue(desk, [await conversationOf(desk, 'rb-1'), await conversationOf(desk, 'rb-2'), await conversationOf(desk, 'rb-3')], desk.queues.b.id);
  });
  afterAll(async () => {
    await desk.close();
  });

  const conversationsSeenBy = async (who: 'admin' | 'lead' | 'viewer') => {
    const since = new Date(START - 86_400_000).toISOString();
    const until = new Date(START + 86_400_000).toISOString();
    const res = await desk.app.inject({ method: 'GET', url: `/api/reports?by=channel&since=${since}&until=${until}`, headers: withToken(await bearer(desk, desk.agents[who])) });
    expect(res.statusCode).toBe(200);
    return (res.json() as { rows: { conversations: number; inboundMessages: number }[] }).rows.reduce((n, r) => n + r.conversations, 0);
  };

  it('counts everything for admins and viewers, and only team A plus Triage for team A’s lead', async () => {
    expect(await conversationsSeenBy('admin')).toBe(6);
    expect(await conversationsSeenBy('viewer')).toBe(6);
    expect(await conversationsSeenBy('lead')).toBe(3);
  });
});
