import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../support/databases.js';
import { bearer, conversationOf, inbound, ingest, login, moveToQueue, openDesk, withSession, withToken, type Desk } from './harness.js';

describe.each(ENGINES)('conversation actions on %s', (engine) => {
  let desk: Desk;
  let a1: string;
  let b1: string;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    desk = await openDesk(engine);
    for (const [name, agent] of Object.entries(desk.agents)) tokens[name] = await bearer(desk, agent);
    await ingest(desk, [inbound('m-a1'), inbound('m-b1')]);
    a1 = await conversationOf(desk, 'm-a1');
    b1 = await conversationOf(desk, 'm-b1');
    await moveToQueue(desk, [a1], desk.queues.a.id);
    await moveToQueue(desk, [b1], desk.queues.b.id);
  });
  afterAll(async () => {
    await desk.close();
  });
  const post = (who: string, url: string, payload: unknown) => desk.app.inject({ method: 'POST', url, headers: withToken(tokens[who]!), payload: payload as object });
  const events = async (conversationId: string) =>
    (await sql<{ type: string; payload: unknown }>`select type, payload from event where conversation_id = ${conversationId}::uuid order by id`.execute(desk.database.db)).rows.map((r) => r.type);

  it('assigns to an agent of the conversation’s team, and refuses one who cannot see it', async () => {
    const ok = await post('agentA', `/api/conversations/${a1}/assign`, { assigneeId: desk.agents.agentA.id });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ id: a1, assigneeId: desk.agents.agentA.id });
    const bad = await post('lead', `/api/conversations/${a1}/assign`, { assigneeId: desk.agents.agentB.id });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { error: { code: string } }).error.code).toBe('CONVERSATION_ASSIGNEE_INVALID');
    const viewer = await post('lead', `/api/conversations/${a1}/assign`, { assigneeId: desk.agents.viewer.id });
    expect(viewer.statusCode).toBe(400);
    const un = await post('lead', `/api/conversations/${a1}/assign`, { assigneeId: null });
    expect(un.json()).toMatchObject({ assigneeId: null });
    expect(await events(a1)).toEqual(['conversation.assigned', 'conversation.unassigned']);
  });

  it('does not let an agent act on a conversation outside their teams', async () => {
    const res = await post('agentA', `/api/conversations/${b1}/status`, { status: 'open' });
    expect(res.statusCode).toBe(404);
    const tag = await post('agentA', `/api/conversations/${b1}/tags`, { add: ['x'] });
    expect(tag.statusCode).toBe(404);
    expect(await events(b1)).toEqual([]);
  });

  it('changes status through the state machine and answers 409 for an illegal move', async () => {
    expect((await post('agentA', `/api/conversations/${a1}/status`, { status: 'resolved' })).json()).toMatchObject({ status: 'resolved' });
    expect((await post('agentA', `/api/conversations/${a1}/status`, { status: 'closed' })).json()).toMatchObject({ status: 'closed' });
    const illegal = await post('agentA', `/api/conversations/${a1}/status`, { status: 'open' });
    expect(illegal.statusCode).toBe(409);
    expect((illegal.json() as { error: { code: string; message: string } }).error).toMatchObject({ code: 'CONVERSATION_ILLEGAL_TRANSITION' });
    const unknown = await post('agentA', `/api/conversations/${a1}/status`, { status: 'done' });
    expect(unknown.statusCode).toBe(400);
  });

  it('adds and removes tags', async () => {
    expect((await post('agentB', `/api/conversations/${b1}/tags`, { add: ['vip', 'billing'] })).json()).toMatchObject({ tags: ['billing', 'vip'] });
    expect((await post('agentB', `/api/conversations/${b1}/tags`, { add: ['outage'], remove: ['vip'] })).json()).toMatchObject({ tags: ['billing', 'outage'] });
    expect((await post('agentB', `/api/conversations/${b1}/tags`, { add: ['a,b'] })).statusCode).toBe(400);
    const tagged = await desk.app.inject({ method: 'GET', url: '/api/conversations?tag=outage', headers: withToken(tokens['agentB']!) });
    expect((tagged.json() as { items: { id: string }[] }).items.map((c) => c.id)).toEqual([b1]);
  });

  it('adds an internal note that mentions agents who can see the conversation', async () => {
    const s = await login(desk, 'bob@desk.test');
    const res = await desk.app.inject({
      method: 'POST',
      url: `/api/conversations/${b1}/notes`,
      headers: withSession(s),
      payload: { text: 'looping in @admin and @anna@desk.test and @ghost' },
    });
    expect(res.statusCode).toBe(201);
    const note = res.json() as { messageId: string; mentions: string[]; unknownMentions: string[] };
    expect(note.mentions).toEqual([desk.agents.admin.id]);
    expect(note.unknownMentions).toEqual(['anna@desk.test', 'ghost']);
    const detail = (await desk.app.inject({ method: 'GET', url: `/api/conversations/${b1}`, headers: withToken(tokens['agentB']!) })).json() as {
      messages: { direction: string; text: string; mentions: string[]; authorHandle: string }[];
    };
    const last = detail.messages.at(-1)!;
    expect(last).toMatchObject({ direction: 'note', authorHandle: 'bob@desk.test', mentions: [desk.agents.admin.id] });
    expect(await events(b1)).toContain('message.note_added');
  });

  it('merges two contacts and splits an identity back out', async () => {
    await ingest(desk, [inbound('m-c1', { author: { handle: 'sam-x' } }), inbound('m-c2', { author: { handle: 'sam-mail' } })]);
    const c1 = await conversationOf(desk, 'm-c1');
    const c2 = await conversationOf(desk, 'm-c2');
    const contactOf = async (id: string) => ((await desk.app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: withToken(tokens['admin']!) })).json() as { conversation: { contactId: string } }).conversation.contactId;
    const from = await contactOf(c1);
    const into = await contactOf(c2);
    expect((await post('agentA', '/api/contacts/merge', { fromId: from, intoId: into })).statusCode).toBe(403);
    expect((await post('admin', '/api/contacts/merge', { fromId: from, intoId: into })).statusCode).toBe(200);
    const merged = (await desk.app.inject({ method: 'GET', url: `/api/contacts/${from}`, headers: withToken(tokens['admin']!) })).json() as {
      id: string;
      identities: { id: string; handle: string }[];
      conversationIds: string[];
    };
    expect(merged.id).toBe(into);
    expect(merged.identities.map((i) => i.handle).sort()).toEqual(['sam-mail', 'sam-x']);
    expect(merged.conversationIds.sort()).toEqual([c1, c2].sort());
    const identity = merged.identities.find((i) => i.handle === 'sam-x')!;
    const split = await post('admin', `/api/contacts/${into}/split`, { identityId: identity.id });
    expect(split.statusCode).toBe(201);
    expect(await contactOf(c1)).toBe((split.json() as { contactId: string }).contactId);
    expect(await contactOf(c2)).toBe(into);
  });
});
