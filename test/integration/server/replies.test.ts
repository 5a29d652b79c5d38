// POST /api/conversations/:id/replies: a reply is queued in the conversation's channel, refused at once (with the
// reason) when that channel could never send it, and its delivery status shows on the message as the outbox
// worker sends it to a Twilio fake.
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateChannelConfig } from '../../../src/channels/index.js';
import { createConnectorSource, drainOutbox } from '../../../src/pipeline/index.js';
import { createChannelAccount } from '../../../src/store/index.js';
import { startFakeTwilio, type FakeTwilio } from '../../fakes/twilio/server.js';
import { ENGINES } from '../../support/databases.js';
import { bearer, conversationOf, inbound, ingest, moveToQueue, openDesk, SECRET_KEY, START, withToken, type Desk } from './harness.js';

const HOUR = 3_600_000;

describe.each(ENGINES)('replies on %s', (engine) => {
  let desk: Desk;
  let fake: FakeTwilio;
  let sms: string;
  let whatsapp: string;
  let phone: string;
  const tokens: Record<string, string> = {};

  const account = async (kind: string, name: string, config: Record<string, unknown>) => {
    const { settings, secrets } = validateChannelConfig(kind, config);
    return (await createChannelAccount(desk.database.db, SECRET_KEY, { organisationId: desk.organisation.id, kind, name, settings, secrets })).id;
  };
  const conversationOn = async (accountId: string, id: string, sentAt: number) => {
    await ingest(desk, [inbound(id, { author: { handle: '+15551230001' }, sentAt, isPublic: false })], accountId);
    const c = await conversationOf(desk, id);
    await moveToQueue(desk, [c], desk.queues.a.id);
    return c;
  };
  const reply = (who: string, conversationId: string, text: string) =>
    desk.app.inject({ method: 'POST', url: `/api/conversations/${conversationId}/replies`, headers: withToken(tokens[who]!), payload: { text } });
  const errorOf = (res: { json(): unknown }) => (res.json() as { error: { code: string; message: string } }).error;
  const outboundOf = async (conversationId: string) =>
    (
      (await desk.app.inject({ method: 'GET', url: `/api/conversations/${conversationId}`, headers: withToken(tokens['agentA']!) })).json() as {
        messages: { id: string; direction: string; text: string; delivery: { status: string; error: string | null } | null }[];
      }
    ).messages.filter((m) => m.direction === 'outbound');

  beforeAll(async () => {
    desk = await openDesk(engine);
    fake = await startFakeTwilio();
    for (const who of ['agentA', 'agentB'] as const) tokens[who] = await bearer(desk, desk.agents[who]);
    const twilio = { accountSid: fake.accountSid, authToken: fake.authToken, apiBaseUrl: fake.url };
    sms = await account('twilio', 'SMS', { ...twilio, fromNumber: '+15005550006' });
    whatsapp = await account('twilio', 'WhatsApp', { ...twilio, fromNumber: 'whatsapp:+15005550007' });
    phone = await account('phone', 'PBX', { token: 'a_long_enough_cti_token_123' });
  });
  afterAll(async () => {
    await desk.close();
    await fake.close();
  });

  it('queues a reply, shows it at once as queued, and shows sent once the outbox worker has delivered it', async () => {
    const c = await conversationOn(sms, 'r-sms', START - HOUR);
    const res = await reply('agentA', c, 'Your parcel left the depot this morning.');
    expect(res.statusCode).toBe(202);
    const { messageId } = res.json() as { messageId: string };
    expect(await outboundOf(c)).toEqual([expect.objectContaining({ id: messageId, text: 'Your parcel left the depot this morning.', delivery: { status: 'queued', error: null } })]);

    const connectors = createConnectorSource({ database: desk.database, secretKey: SECRET_KEY, publicUrl: undefined, timeoutMs: 2000, cacheMs: 0 });
    const totals = await drainOutbox({ database: desk.database, connectors, log: pino({ level: 'silent' }), workerId: 'test' });
    expect(totals.sent).toBe(1);
    expect(fake.messages.map((m) => m.body)).toContain('Your parcel left the depot this morning.');
    expect((await outboundOf(c))[0]!.delivery).toEqual({ status: 'sent', error: null });
  });

  it('refuses a reply longer than the channel allows, naming both lengths, and stores nothing', async () => {
    const c = await conversationOn(sms, 'r-long', START - HOUR);
    const res = await reply('agentA', c, 'x'.repeat(1601));
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'REPLY_TOO_LONG' });
    expect(errorOf(res).message).toContain('1601');
    expect(errorOf(res).message).toContain('1600');
    expect(await outboundOf(c)).toEqual([]);
  });

  it('refuses a free-form WhatsApp reply outside the 24-hour window, and accepts one inside it', async () => {
    const late = await conversationOn(whatsapp, 'r-wa-late', START - 25 * HOUR);
    const refused = await reply('agentA', late, 'Sorry for the wait!');
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused)).toMatchObject({ code: 'REPLY_WINDOW_CLOSED' });
    expect(errorOf(refused).message).toMatch(/24 hours/);
    expect(await outboundOf(late)).toEqual([]);
    const count = await sql<{ n: number }>`select count(*)::int as n from outbox_item where conversation_id = ${late}::uuid`.execute(desk.database.db);
    expect(count.rows[0]!.n).toBe(0);

    const fresh = await conversationOn(whatsapp, 'r-wa-fresh', START - 23 * HOUR);
    expect((await reply('agentA', fresh, 'Happy to help!')).statusCode).toBe(202);
  });

  it('refuses replies on a channel that cannot send (phone events) and on an imported account without credentials', async () => {
    const call = await conversationOn(phone, 'r-call', START - HOUR);
    const onPhone = await reply('agentA', call, 'calling you back');
    expect(onPhone.statusCode).toBe(409);
    expect(errorOf(onPhone).code).toBe('CHANNEL_CANNOT_REPLY');

    const imported = await conversationOn(desk.account.id, 'r-imported', START - HOUR);
    const res = await reply('agentA', imported, 'hello');
    expect(res.statusCode).toBe(409);
    expect(errorOf(res)).toMatchObject({ code: 'CHANNEL_NOT_CONNECTED' });
  });

  it('answers 404 to an agent replying outside their teams, and 400 to an empty reply', async () => {
    const c = await conversationOn(sms, 'r-scope', START - HOUR);
    const outside = await reply('agentB', c, 'not mine');
    expect(outside.statusCode).toBe(404);
    expect(errorOf(outside).code).toBe('CONVERSATION_NOT_FOUND');
    expect((await reply('agentA', c, '   ')).statusCode).toBe(400);
    expect(await outboundOf(c)).toEqual([]);
  });
});

describe.each(ENGINES)('templates, signatures and approvals on %s', (engine) => {
  let desk: Desk;
  let fake: FakeTwilio;
  let sms: string;
  const tokens: Record<string, string> = {};
  const api = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    desk.app.inject({ method, url, headers: withToken(tokens[who]!), ...(payload ? { payload } : {}) });
  const conversationOn = async (id: string, over: Parameters<typeof inbound>[1]) => {
    await ingest(desk, [inbound(id, { author: { handle: '+15551230002', displayName: 'Jana Novak' }, sentAt: START - HOUR, ...over })], sms);
    const c = await conversationOf(desk, id);
    await moveToQueue(desk, [c], desk.queues.a.id);
    return c;
  };
  const outbox = async (c: string) =>
    (await sql<{ text: string; author: string }>`select m.text, m.author_handle as author from outbox_item o join message m on m.id = o.message_id where o.conversation_id = ${c}::uuid`.execute(desk.database.db)).rows;

  beforeAll(async () => {
    desk = await openDesk(engine);
    fake = await startFakeTwilio();
    for (const who of ['admin', 'lead', 'agentA', 'agentB'] as const) tokens[who] = await bearer(desk, desk.agents[who]);
    const { settings, secrets } = validateChannelConfig('twilio', { accountSid: fake.accountSid, authToken: fake.authToken, apiBaseUrl: fake.url, fromNumber: '+15005550006' });
    sms = (await createChannelAccount(desk.database.db, SECRET_KEY, { organisationId: desk.organisation.id, kind: 'twilio', name: 'SMS', settings, secrets })).id;
    for (const t of [
      { name: 'order-update', language: 'en', body: 'Hi {{contact.firstName}}, order {{order.number}} ships today.' },
      { name: 'order-update', language: 'de', body: 'Hallo {{contact.firstName}}, Bestellung {{order.number}} wird heute verschickt.' },
    ]) {
      expect((await api('lead', 'POST', '/api/templates', t)).statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await desk.close();
    await fake.close();
  });

  it('renders a template in the conversation’s language with the contact’s name, and names a missing variable', async () => {
    const c = await conversationOn('t-de', { text: 'Wo ist meine Bestellung?', isPublic: false });
    await sql`update conversation set language = 'de' where id = ${c}::uuid`.execute(desk.database.db);
    const res = await reply('agentA', c, { template: { name: 'order-update', variables: { 'order.number': 'A-1001' } } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ text: 'Hallo Jana, Bestellung A-1001 wird heute verschickt.', delivery: { status: 'queued' } });
    const missing = await reply('agentA', c, { template: { name: 'order-update' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: { code: 'TEMPLATE_VARIABLE_MISSING', details: { missing: ['order.number'] } } });
    expect((await reply('agentA', c, { template: { name: 'nope' } })).statusCode).toBe(404);
    expect((await reply('agentA', c, { text: 'both', template: { name: 'order-update' } })).statusCode).toBe(400);
  });

  it('signs public replies with the agent’s name, and private ones not', async () => {
    const pub = await conversationOn('t-public', { text: 'hello there brand', isPublic: true });
    expect((await reply('agentA', pub, { text: 'Happy to help!' })).json()).toMatchObject({ text: 'Happy to help! ^anna' });
    const priv = await conversationOn('t-private', { text: 'hello there brand', isPublic: false });
    expect((await reply('agentA', priv, { text: 'Happy to help!' })).json()).toMatchObject({ text: 'Happy to help!' });
  });

  it('holds a trainee’s public reply for a lead, who rejects one with a reason and approves another edited', async () => {
    expect((await api('admin', 'PATCH', `/api/agents/${desk.agents.agentA.id}/work`, { inTraining: true })).json()).toMatchObject({ inTraining: true });
    const c = await conversationOn('t-trainee', { text: 'your app lost my data', isPublic: true });
    const first = await reply('agentA', c, { text: 'Sorry about that' });
    expect(first.json()).toMatchObject({ messageId: null, delivery: { status: 'awaiting-approval' }, approvalReasons: ['public reply by an agent in training'] });
    expect(await outbox(c)).toEqual([]);
    // Private replies by the same trainee go out at once.
    const priv = await conversationOn('t-trainee-dm', { text: 'your app lost my data', isPublic: false });
    expect((await reply('agentA', priv, { text: 'Checking now' })).json()).toMatchObject({ delivery: { status: 'queued' } });

    const pending = (await api('lead', 'GET', `/api/approvals?status=pending&conversationId=${c}`)).json() as { items: { id: string; text: string; authorName: string }[] };
    expect(pending.items).toEqual([expect.objectContaining({ text: 'Sorry about that ^anna', authorName: 'anna' })]);
    expect(((await api('agentB', 'GET', '/api/approvals?status=pending')).json() as { items: unknown[] }).items).toEqual([]); // other team
    expect((await api('agentA', 'POST', `/api/approvals/${pending.items[0]!.id}/reject`, { reason: 'no' })).statusCode).toBe(403);

    const rejected = await api('lead', 'POST', `/api/approvals/${pending.items[0]!.id}/reject`, { reason: 'Do not apologise for data loss before legal has seen it' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', decisionReason: 'Do not apologise for data loss before legal has seen it' });
    expect(await outbox(c)).toEqual([]);

    const second = (await reply('agentA', c, { text: 'We are looking into it' })).json() as { approvalId: string };
    const approved = await api('lead', 'POST', `/api/approvals/${second.approvalId}/approve`, { text: 'We are looking into it right now, sorry. ^anna' });
    expect(approved.json()).toMatchObject({ status: 'approved', messageId: expect.any(String) });
    expect(await outbox(c)).toEqual([{ text: 'We are looking into it right now, sorry. ^anna', author: `agent:${desk.agents.agentA.id}` }]);
    const again = await api('lead', 'POST', `/api/approvals/${second.approvalId}/approve`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'APPROVAL_DECIDED' } });
    await api('admin', 'PATCH', `/api/agents/${desk.agents.agentA.id}/work`, { inTraining: false });
  });

  it('holds a public reply on a conversation with a sensitive tag, but not a lead’s', async () => {
    const c = await conversationOn('t-legal', { text: 'I will sue you', isPublic: true });
    await sql`update conversation set tags = '{legal}' where id = ${c}::uuid`.execute(desk.database.db);
    expect((await reply('agentA', c, { text: 'Please DM us' })).json()).toMatchObject({ delivery: { status: 'awaiting-approval' }, approvalReasons: ['sensitive tag legal'] });
    expect((await reply('lead', c, { text: 'Please DM us' })).json()).toMatchObject({ delivery: { status: 'queued' } });
  });

  function reply(who: string, conversationId: string, payload: object) {
    return desk.app.inject({ method: 'POST', url: `/api/conversations/${conversationId}/replies`, headers: withToken(tokens[who]!), payload });
  }
});
