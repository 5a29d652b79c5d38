// The workflow step end to end on the real store: rules and policies saved through the API route new
// conversations with recorded reasons, SLA warning and breach events fire once, a public vent about an ignored
// email is flagged, least-loaded assignment respects availability, and of two simultaneous claims exactly one wins.
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpochMs } from '../../../src/domain/ids.js';
import { drainWorkflow } from '../../../src/pipeline/index.js';
import { ensureChannelAccount } from '../../../src/store/index.js';
import { ENGINES } from '../../support/databases.js';
import { bearer, conversationOf, inbound, ingest, login, openDesk, START, withSession, withToken, type Desk } from './harness.js';

const MIN = 60_000;
const log = pino({ level: 'silent' });

describe.each(ENGINES)('workflow on %s', (engine) => {
  let desk: Desk;
  const tokens: Record<string, string> = {};
  const api = (who: string, method: 'GET' | 'PUT' | 'POST' | 'PATCH', url: string, payload?: object) =>
    desk.app.inject({ method, url, headers: withToken(tokens[who]!), ...(payload ? { payload } : {}) });
  const run = (now: number) => drainWorkflow({ database: desk.database, log, now: () => now as EpochMs });
  const summary = async (id: string) =>
    ((await api('admin', 'GET', `/api/conversations/${id}`)).json() as {
      conversation: {
        queueId: string;
        priority: number;
        tags: string[];
        path: string | null;
        suggestedPath: string | null;
        pathOverridden: boolean;
        routingReasons: string[];
        needReasons: string[];
        assigneeId: string | null;
        ventOfConversationId: string | null;
        slaDueAt: string | null;
        sla: { target: string; state: string; dueAt: string }[];
      };
    }).conversation;
  const events = async (id: string, prefix: string) =>
    (await sql<{ type: string }>`select type from event where conversation_id = ${id}::uuid and type like ${`${prefix}%`} order by id`.execute(desk.database.db)).rows.map((r) => r.type);

  beforeAll(async () => {
    desk = await openDesk(engine);
    for (const who of ['admin', 'lead', 'agentA', 'agentB'] as const) tokens[who] = await bearer(desk, desk.agents[who]);
    const saved = await api('admin', 'PUT', '/api/routing-rules', {
      rules: [
        { name: 'Refunds to team A', when: { keywords: ['refund'] }, then: { queueId: desk.queues.a.id, tags: ['billing'], priorityDelta: 5 } },
        { name: 'Everything else public to team B', when: { isPublic: true }, then: { queueId: desk.queues.b.id } },
      ],
    });
    expect(saved.statusCode).toBe(200);
    expect((saved.json() as { rules: { id: string }[] }).rules.every((r) => r.id.length > 0)).toBe(true);
    expect((await api('admin', 'PUT', '/api/sla-policies', { policies: [{ name: 'One hour', targetsMinutes: { 'first-response': 60, resolution: 1440 } }] })).statusCode).toBe(200);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('routes a new conversation by the first matching rules in order and records why', async () => {
    await ingest(desk, [inbound('wf-refund', { text: 'I want a refund for my broken kettle', sentAt: START - 5 * MIN })]);
    const id = await conversationOf(desk, 'wf-refund');
    expect((await run(START)).processed).toBeGreaterThanOrEqual(1);
    const c = await summary(id);
    expect(c.queueId).toBe(desk.queues.b.id); // both rules match; the later queue wins, both reasons are kept
    expect(c.tags).toEqual(['billing']);
    expect(c.routingReasons).toEqual([
      `rule "Refunds to team A": keyword "refund" → queue ${desk.queues.a.id}; priority +5; tags billing`,
      `rule "Everything else public to team B": public → queue ${desk.queues.b.id}`,
    ]);
    expect(c.needReasons).toContain('+5 routing rules');
    expect(c.sla.map((k) => k.target).sort()).toEqual(['first-response', 'resolution']);
    expect(await events(id, 'conversation.routed')).toEqual(['conversation.routed']);
    // Running again changes nothing and records nothing new.
    await run(START + MIN);
    expect(await events(id, 'conversation.routed')).toEqual(['conversation.routed']);
  });

  it('fires the SLA warning and the breach once each, and not at all once answered in time', async () => {
    await ingest(desk, [inbound('wf-sla', { text: 'hello, anyone there?', sentAt: START })]);
    const id = await conversationOf(desk, 'wf-sla');
    await run(START);
    expect((await summary(id)).slaDueAt).toBe(new Date(START + 60 * MIN).toISOString());
    for (const t of [30, 46, 50, 61, 90, 200]) await run(START + t * MIN);
    expect(await events(id, 'sla.')).toEqual(['sla.warning', 'sla.breach']);
    desk.clock.now = START + 200 * MIN; // the API shows clock states as of its own clock
    expect((await summary(id)).sla.find((k) => k.target === 'first-response')!.state).toBe('breached');

    await ingest(desk, [inbound('wf-sla-ok', { text: 'my order did not arrive', sentAt: START })]);
    const ok = await conversationOf(desk, 'wf-sla-ok');
    await run(START);
    await ingest(desk, [inbound('wf-sla-ok-answer', { direction: 'outbound', author: { handle: 'brand' }, text: 'On it!', sentAt: START + 20 * MIN, inReplyToExternalId: 'wf-sla-ok', threadKey: 't-wf-sla-ok' })]);
    for (const t of [30, 61, 200]) await run(START + t * MIN);
    expect(await events(ok, 'sla.')).toEqual([]);
    expect((await summary(ok)).sla.find((k) => k.target === 'first-response')!.state).toBe('met');
    desk.clock.now = START;
  });

  it('flags a public post as a vent when the same customer’s email went unanswered', async () => {
    const email = await ensureChannelAccount(desk.database.db, { organisationId: desk.organisation.id, kind: 'email', name: 'support-mail' });
    await ingest(
      desk,
      [inbound('wf-mail', { author: { handle: 'ann@example.com', verifiedEmail: 'ann@example.com' }, isPublic: false, text: 'Where is my refund?', sentAt: START - 2 * 86_400_000 })],
      email.id,
    );
    await ingest(desk, [inbound('wf-vent', { author: { handle: '@ann', verifiedEmail: 'ann@example.com' }, text: 'Two days and no answer to my email. Terrible service', sentAt: START })]);
    const mail = await conversationOf(desk, 'wf-mail');
    const post = await conversationOf(desk, 'wf-vent');
    await run(START);
    const c = await summary(post);
    expect(c.ventOfConversationId).toBe(mail);
    expect(c.tags).toContain('vent');
    expect(await events(post, 'conversation.vent')).toEqual(['conversation.vent']);
    expect((await summary(mail)).ventOfConversationId).toBeNull();
  });

  it('assigns least-loaded among online agents of the queue’s team, and leaves it when nobody is online', async () => {
    expect((await api('lead', 'PATCH', `/api/queues/${desk.queues.a.id}`, { assignment: 'least-loaded' })).json()).toMatchObject({ assignment: 'least-loaded' });
    await ingest(desk, [inbound('wf-assign-1', { text: 'refund please, order 55', isPublic: false, sentAt: START })]);
    await run(START);
    expect((await summary(await conversationOf(desk, 'wf-assign-1'))).assigneeId).toBeNull(); // everyone offline

    expect((await api('agentA', 'PUT', '/api/me/availability', { availability: 'online' })).json()).toMatchObject({ availability: 'online' });
    await ingest(desk, [inbound('wf-assign-2', { text: 'refund please, order 56', isPublic: false, sentAt: START })]);
    await run(START);
    expect((await summary(await conversationOf(desk, 'wf-assign-2'))).assigneeId).toBe(desk.agents.agentA.id);
    expect((await sql<{ payload: { automatic?: boolean } }>`select payload from event where conversation_id = ${await conversationOf(desk, 'wf-assign-2')}::uuid and type = 'conversation.assigned'`.execute(desk.database.db)).rows[0]!.payload).toMatchObject({ automatic: true });
  });

  it('lets exactly one of two simultaneous claims win and tells the other who has it', async () => {
    await ingest(desk, [inbound('wf-claim', { text: 'refund for order 77', isPublic: false, sentAt: START })]);
    const id = await conversationOf(desk, 'wf-claim');
    await sql`update conversation set queue_id = ${desk.queues.a.id}::uuid, assignee_id = null where id = ${id}::uuid`.execute(desk.database.db);
    const lead = await login(desk, 'lead@desk.test');
    const [a, b] = await Promise.all([
      api('agentA', 'POST', `/api/conversations/${id}/claim`),
      desk.app.inject({ method: 'POST', url: `/api/conversations/${id}/claim`, headers: withSession(lead) }),
    ]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json()).toMatchObject({ error: { code: 'CONVERSATION_ALREADY_CLAIMED' } });
    expect(await events(id, 'conversation.assigned')).toHaveLength(1);
  });

  it('lets the agent override the suggested path and go back to it', async () => {
    const id = await conversationOf(desk, 'wf-refund');
    const suggested = (await summary(id)).suggestedPath;
    const res = await api('admin', 'POST', `/api/conversations/${id}/path`, { path: 'escalate' });
    expect(res.json()).toMatchObject({ path: 'escalate', suggestedPath: suggested, pathOverridden: true });
    expect((await api('admin', 'POST', `/api/conversations/${id}/path`, { path: null })).json()).toMatchObject({ path: suggested, pathOverridden: false });
    expect((await api('admin', 'POST', `/api/conversations/${id}/path`, { path: 'shout' })).statusCode).toBe(400);
  });

  it('validates business hours and counts SLA time in them', async () => {
    const bad = await api('lead', 'PUT', `/api/teams/${desk.teams.a.id}/business-hours`, { hours: { timeZone: 'Mars/Olympus', weekly: [] } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toMatch(/IANA time zone/);
    expect((await api('lead', 'PUT', `/api/teams/${desk.teams.b.id}/business-hours`, { hours: null })).statusCode).toBe(403);
    const weekdays = Array.from({ length: 7 }, (_, d) => (d === 0 || d === 6 ? [] : [{ start: '09:00', end: '17:00' }]));
    expect((await api('lead', 'PUT', `/api/teams/${desk.teams.a.id}/business-hours`, { hours: { timeZone: 'Europe/Berlin', weekly: weekdays } })).statusCode).toBe(200);
    // Saturday 10:00 Berlin: the clock waits for Monday 09:00, then runs an hour.
    const saturday = Date.UTC(2026, 0, 10, 9);
    await ingest(desk, [inbound('wf-weekend', { text: 'refund on a saturday', isPublic: false, sentAt: saturday })]);
    const id = await conversationOf(desk, 'wf-weekend');
    await sql`update conversation set queue_id = ${desk.queues.a.id}::uuid, routed_at = now() where id = ${id}::uuid`.execute(desk.database.db);
    await run(saturday);
    expect((await summary(id)).slaDueAt).toBe(new Date(Date.UTC(2026, 0, 12, 9)).toISOString());
  });

  it('snoozes until a time, then reopens with a reminder; a customer reply ends the snooze early', async () => {
    await ingest(desk, [inbound('wf-snooze', { text: 'can you check back tomorrow', isPublic: false, sentAt: START - MIN })]);
    const id = await conversationOf(desk, 'wf-snooze');
    const until = new Date(START + 30 * MIN).toISOString();
    expect((await api('admin', 'POST', `/api/conversations/${id}/snooze`, { until })).json()).toMatchObject({ status: 'snoozed' });
    expect((await api('admin', 'POST', `/api/conversations/${id}/snooze`, { until: new Date(START - MIN).toISOString() })).statusCode).toBe(400);
    await run(START + 10 * MIN);
    expect((await sql<{ status: string }>`select status from conversation where id = ${id}::uuid`.execute(desk.database.db)).rows[0]!.status).toBe('snoozed');
    await run(START + 31 * MIN);
    expect((await sql<{ status: string }>`select status from conversation where id = ${id}::uuid`.execute(desk.database.db)).rows[0]!.status).toBe('open');
    expect(await events(id, 'conversation.snooze')).toEqual(['conversation.snoozed', 'conversation.snooze_ended']);

    await api('admin', 'POST', `/api/conversations/${id}/snooze`, { until: new Date(START + 600 * MIN).toISOString() });
    await ingest(desk, [inbound('wf-snooze-2', { text: 'any news?', isPublic: false, sentAt: START + 40 * MIN, threadKey: 't-wf-snooze' })]);
    const after = await sql<{ status: string; snoozed_until: Date | null }>`select status, snoozed_until from conversation where id = ${id}::uuid`.execute(desk.database.db);
    expect(after.rows[0]).toEqual({ status: 'open', snoozed_until: null });
  });

  it('acknowledges a message that arrives out of hours without counting it as the first response', async () => {
    const weekdays = Array.from({ length: 7 }, (_, d) => (d === 0 || d === 6 ? [] : [{ start: '09:00', end: '17:00' }]));
    await api('admin', 'PUT', `/api/teams/${desk.teams.a.id}/business-hours`, { hours: { timeZone: 'Europe/Berlin', weekly: weekdays } });
    expect((await api('admin', 'PATCH', '/api/settings', { outOfHoursReply: { private: 'Thanks for writing. We are back {{nextOpening}} (Berlin time).' } })).statusCode).toBe(200);
    const saturday = Date.UTC(2026, 0, 10, 9);
    await ingest(desk, [inbound('wf-ooh', { text: 'I need a refund for order 88', isPublic: false, sentAt: saturday })]);
    const id = await conversationOf(desk, 'wf-ooh');
    await run(saturday);
    await run(saturday + MIN);
    const sent = await sql<{ text: string; author_handle: string }>`select m.text, m.author_handle from outbox_item o join message m on m.id = o.message_id
      where o.conversation_id = ${id}::uuid`.execute(desk.database.db);
    expect(sent.rows).toEqual([{ text: 'Thanks for writing. We are back Monday 09:00 (Berlin time).', author_handle: 'desk:auto' }]);
    const c = await sql<{ status: string; first_response_at: Date | null }>`select status, first_response_at from conversation where id = ${id}::uuid`.execute(desk.database.db);
    expect(c.rows[0]).toEqual({ status: 'new', first_response_at: null });
    expect(await events(id, 'conversation.auto_acknowledged')).toEqual(['conversation.auto_acknowledged']);
  });

  it('orders the queue by priority, then SLA due time, across cursor pages', async () => {
    const queue = (await api('admin', 'POST', '/api/queues', { name: 'Ordering', teamId: desk.teams.a.id })).json() as { id: string };
    const set: [string, number, number | null][] = [
      ['q-low', 20, START + 10 * MIN],
      ['q-high-late', 70, START + 50 * MIN],
      ['q-high-soon', 70, START + 5 * MIN],
      ['q-high-none', 70, null],
    ];
    await ingest(desk, set.map(([id]) => inbound(id, { isPublic: false, sentAt: START })));
    for (const [id, priority, due] of set) {
      await sql`update conversation set queue_id = ${queue.id}::uuid, priority = ${priority}, sla_due_at = ${due === null ? null : new Date(due)}, workflow_pending = false
        where id = ${await conversationOf(desk, id)}::uuid`.execute(desk.database.db);
    }
    const order: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await api('admin', 'GET', `/api/conversations?queue=${queue.id}&sort=queue&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json() as {
        items: { id: string }[];
        nextCursor: string | null;
      };
      order.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    const ids = await Promise.all(['q-high-soon', 'q-high-late', 'q-high-none', 'q-low'].map((x) => conversationOf(desk, x)));
    expect(order).toEqual(ids);
  });
});
