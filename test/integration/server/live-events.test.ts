import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/server/index.js';
import { openDatabase } from '../../../src/store/index.js';
import { ENGINES } from '../../support/databases.js';
import { bearer, conversationOf, inbound, ingest, moveToQueue, openDesk, START, withToken, type Desk } from './harness.js';
import { openStream, type SseStream } from './sse-client.js';

describe.each(ENGINES)('live events on %s', (engine) => {
  let desk: Desk;
  let base = '';
  let a1: string;
  let b1: string;
  const tokens: Record<string, string> = {};
  const streams: SseStream[] = [];

  beforeAll(async () => {
    desk = await openDesk(engine, { presenceTtlMs: 30_000, sseHeartbeatMs: 100 });
    await desk.app.listen({ port: 0, host: '127.0.0.1' });
    const address = desk.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    for (const [name, agent] of Object.entries(desk.agents)) tokens[name] = await bearer(desk, agent);
    await ingest(desk, [inbound('e-a1'), inbound('e-b1')]);
    a1 = await conversationOf(desk, 'e-a1');
    b1 = await conversationOf(desk, 'e-b1');
    await moveToQueue(desk, [a1], desk.queues.a.id);
    await moveToQueue(desk, [b1], desk.queues.b.id);
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await desk.close();
  });

  const open = async (who: string, headers: Record<string, string> = {}) => {
    const s = await openStream(`${base}/api/events`, { ...withToken(tokens[who]!), ...headers });
    streams.push(s);
    return s;
  };
  const tag = (who: string, id: string, t: string) => desk.app.inject({ method: 'POST', url: `/api/conversations/${id}/tags`, headers: withToken(tokens[who]!), payload: { add: [t] } });
  const about = (id: string) => (f: { data: { conversationIds: string[] } }) => f.data.conversationIds.includes(id);

  it('sends each agent only the events of its teams’ conversations', async () => {
    const sa = await open('agentA');
    const sb = await open('agentB');
    const admin = await open('admin');
    expect(sa.status).toBe(200);
    // A pipeline event (a customer writes again in a1) and API events on both.
    await ingest(desk, [inbound('e-a1-2', { threadKey: 't-e-a1', author: { handle: 'cust-e-a1' }, sentAt: START })]);
    await tag('admin', b1, 'leak-check');
    await tag('admin', a1, 'sentinel');
    await tag('admin', b1, 'sentinel');
    await sa.waitFor((f) => f.data.type === 'conversation.tagged' && about(a1)(f));
    await sb.waitFor((f) => f.data.type === 'conversation.tagged' && about(b1)(f) && JSON.stringify(f.data.payload).includes('sentinel'));
    await admin.waitFor((f) => about(b1)(f) && JSON.stringify(f.data.payload).includes('sentinel'));
    expect(sa.frames.some((f) => f.data.type === 'conversations.changed' && about(a1)(f))).toBe(true);
    expect(sa.frames.filter(about(b1))).toEqual([]);
    expect(sb.frames.filter(about(a1))).toEqual([]);
    expect(JSON.stringify(sa.frames)).not.toContain(b1);
    expect(JSON.stringify(sb.frames)).not.toContain(a1);
    expect(admin.frames.filter(about(a1)).length).toBeGreaterThanOrEqual(2);
  });

  it('refuses viewers, anonymous callers and revoked tokens', async () => {
    const viewer = await openStream(`${base}/api/events`, withToken(tokens['viewer']!));
    expect(viewer.status).toBe(403);
    const anonymous = await openStream(`${base}/api/events`, {});
    expect(anonymous.status).toBe(401);
  });

  it('resumes after Last-Event-ID with only the missed events the agent may see', async () => {
    const first = await open('agentA');
    await tag('agentA', a1, 'before');
    const seen = await first.waitFor((f) => JSON.stringify(f.data.payload).includes('before'));
    first.close();
    await tag('agentA', a1, 'missed-1');
    await tag('agentB', b1, 'missed-other');
    await tag('agentA', a1, 'missed-2');
    await desk.app.eventHub.settle();
    const again = await open('agentA', { 'last-event-id': seen.id! });
    await again.waitFor((f) => JSON.stringify(f.data.payload).includes('missed-2'));
    await tag('agentA', a1, 'live-after');
    await again.waitFor((f) => JSON.stringify(f.data.payload).includes('live-after'));
    const tags = again.frames.map((f) => (f.data.payload['tags'] as string[] | undefined)?.at(-1) ?? f.data.type);
    expect(again.frames.map((f) => f.data.conversationIds).flat().every((id) => id === a1)).toBe(true);
    expect(again.frames.length).toBe(3);
    expect(tags.length).toBe(3);
    const ids = again.frames.map((f) => BigInt(f.id!));
    expect([...ids].sort((x, y) => (x < y ? -1 : 1))).toEqual(ids);
    expect(ids[0]! > BigInt(seen.id!)).toBe(true);
  });

  it('shares presence with agents who can see the conversation, with heartbeats and expiry', async () => {
    const lead = await open('lead');
    const other = await open('agentB');
    const put = await desk.app.inject({ method: 'PUT', url: `/api/conversations/${a1}/presence`, headers: withToken(tokens['agentA']!), payload: { state: 'typing' } });
    expect(put.statusCode).toBe(200);
    const frame = await lead.waitFor((f) => f.data.type === 'presence');
    expect(frame.data.payload).toMatchObject({ agentId: desk.agents.agentA.id, state: 'typing' });
    expect(frame.id).toBeUndefined();
    await tag('admin', b1, 'presence-sentinel');
    await other.waitFor((f) => JSON.stringify(f.data.payload).includes('presence-sentinel'));
    expect(other.frames.filter((f) => f.data.type === 'presence')).toEqual([]);
    const list = async () => ((await desk.app.inject({ method: 'GET', url: `/api/conversations/${a1}/presence`, headers: withToken(tokens['lead']!) })).json() as { items: { state: string }[] }).items;
    expect(await list()).toMatchObject([{ state: 'typing' }]);
    expect((await desk.app.inject({ method: 'GET', url: `/api/conversations/${a1}/presence`, headers: withToken(tokens['agentB']!) })).statusCode).toBe(404);
    desk.clock.now += 30_001;
    expect(await list()).toEqual([]);
    await desk.app.inject({ method: 'PUT', url: `/api/conversations/${a1}/presence`, headers: withToken(tokens['agentA']!), payload: { state: 'viewing' } });
    expect(await list()).toMatchObject([{ state: 'viewing' }]);
    await desk.app.inject({ method: 'DELETE', url: `/api/conversations/${a1}/presence`, headers: withToken(tokens['agentA']!) });
    await lead.waitFor((f) => f.data.type === 'presence' && f.data.payload['state'] === 'left');
    expect(await list()).toEqual([]);
  });

  it('ends a stream at the next heartbeat once its token is revoked', async () => {
    const t = await bearer(desk, desk.agents.agentA);
    const s = await openStream(`${base}/api/events`, withToken(t));
    streams.push(s);
    const id = ((await desk.app.inject({ method: 'GET', url: '/api/tokens', headers: withToken(t) })).json() as { items: { id: string; prefix: string }[] }).items.find((x) => t.startsWith(x.prefix))!.id;
    await desk.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: withToken(t) });
    await s.ended;
  });

  it.runIf(engine === 'postgres')('carries events across API processes via LISTEN/NOTIFY', async () => {
    const second = await openDatabase({ databaseUrl: desk.database.url, dataDir: '' });
    const app2 = await buildApp({ database: second, log: pino({ level: 'silent' }), api: { organisation: desk.organisation } });
    try {
      await app2.listen({ port: 0, host: '127.0.0.1' });
      const address = app2.server.address();
      const s = await openStream(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/events`, withToken(tokens['agentA']!));
      streams.push(s);
      await tag('agentA', a1, 'from-process-one');
      const f = await s.waitFor((x) => JSON.stringify(x.data.payload).includes('from-process-one'));
      expect(f.data.conversationIds).toEqual([a1]);
    } finally {
      await app2.close();
      await second.close();
    }
  });
});

describe.each(ENGINES)('graceful shutdown on %s', (engine) => {
  it('ends open event streams, so closing drains and the store closes promptly', async () => {
    const desk = await openDesk(engine);
    await desk.app.listen({ port: 0, host: '127.0.0.1' });
    const address = desk.app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const token = await bearer(desk, desk.agents.admin);
    const stream = await openStream(`${base}/api/events`, withToken(token));
    expect(stream.status).toBe(200);
    const started = performance.now();
    const closed = desk.close();
    await stream.ended;
    await closed;
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
