// Renaming and deleting teams and queues: leads change only their own, a team with queues is not deleted behind
// the admin's back, and a deleted queue's conversations land in the default queue rather than nowhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../support/databases.js';
import { bearer, conversationOf, inbound, ingest, moveToQueue, openDesk, withToken, type Desk } from './harness.js';

describe.each(ENGINES)('teams and queues on %s', (engine) => {
  let desk: Desk;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    desk = await openDesk(engine);
    for (const who of ['admin', 'lead', 'agentA'] as const) tokens[who] = await bearer(desk, desk.agents[who]);
  });
  afterAll(async () => {
    await desk.close();
  });
  const call = (who: string, method: 'PATCH' | 'DELETE' | 'POST', url: string, payload?: object) =>
    desk.app.inject({ method, url, headers: withToken(tokens[who]!), ...(payload ? { payload } : {}) });
  const code = (res: { json(): unknown }) => (res.json() as { error: { code: string } }).error.code;

  it('lets a lead rename their own team but not another, and refuses a name already taken', async () => {
    const own = await call('lead', 'PATCH', `/api/teams/${desk.teams.a.id}`, { name: 'Care EMEA' });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ id: desk.teams.a.id, name: 'Care EMEA' });
    const other = await call('lead', 'PATCH', `/api/teams/${desk.teams.b.id}`, { name: 'Mine now' });
    expect(other.statusCode).toBe(403);
    const taken = await call('admin', 'PATCH', `/api/teams/${desk.teams.b.id}`, { name: 'Care EMEA' });
    expect(taken.statusCode).toBe(409);
    expect(code(taken)).toBe('TEAM_EXISTS');
  });

  it('refuses to delete a team that still owns queues, naming them, and deletes it once they are gone', async () => {
    const team = (await call('admin', 'POST', '/api/teams', { name: 'Night shift' })).json() as { id: string };
    const queue = (await call('admin', 'POST', '/api/queues', { name: 'Night queue', teamId: team.id })).json() as { id: string };
    const refused = await call('admin', 'DELETE', `/api/teams/${team.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'TEAM_IN_USE', details: { queues: ['Night queue'] } } });
    expect((await call('admin', 'DELETE', `/api/queues/${queue.id}`)).statusCode).toBe(200);
    expect((await call('admin', 'DELETE', `/api/teams/${team.id}`)).statusCode).toBe(200);
    const teams = (await desk.app.inject({ method: 'GET', url: '/api/teams', headers: withToken(tokens['admin']!) })).json() as { items: { id: string }[] };
    expect(teams.items.map((t) => t.id)).not.toContain(team.id);
    expect((await call('admin', 'DELETE', `/api/teams/${team.id}`)).statusCode).toBe(404);
  });

  it('lets a lead rename a queue of their team but not move it to a team they do not lead', async () => {
    expect((await call('lead', 'PATCH', `/api/queues/${desk.queues.a.id}`, { name: 'Billing A' })).json()).toMatchObject({ name: 'Billing A', teamId: desk.teams.a.id });
    expect((await call('lead', 'PATCH', `/api/queues/${desk.queues.a.id}`, { teamId: desk.teams.b.id })).statusCode).toBe(403);
    expect((await call('lead', 'PATCH', `/api/queues/${desk.queues.b.id}`, { name: 'Not mine' })).statusCode).toBe(403);
    expect((await call('lead', 'PATCH', `/api/queues/${desk.queues.a.id}`, {})).statusCode).toBe(400);
    expect((await call('agentA', 'PATCH', `/api/queues/${desk.queues.a.id}`, { name: 'agents cannot' })).statusCode).toBe(403);
  });

  it('moves a deleted queue’s conversations to the default queue, and never deletes the default queue', async () => {
    const queue = (await call('admin', 'POST', '/api/queues', { name: 'Short-lived', teamId: desk.teams.a.id })).json() as { id: string };
    await ingest(desk, [inbound('dq-1'), inbound('dq-2')]);
    const ids = [await conversationOf(desk, 'dq-1'), await conversationOf(desk, 'dq-2')];
    await moveToQueue(desk, ids, queue.id);
    const res = await call('lead', 'DELETE', `/api/queues/${queue.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, movedConversations: 2 });
    for (const id of ids) {
      const detail = (await desk.app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: withToken(tokens['admin']!) })).json() as { conversation: { queueId: string } };
      expect(detail.conversation.queueId).toBe(desk.queues.triage);
    }
    const refused = await call('admin', 'DELETE', `/api/queues/${desk.queues.triage}`);
    expect(refused.statusCode).toBe(409);
    expect(code(refused)).toBe('QUEUE_IN_USE');
  });
});
