// Twilio SMS/WhatsApp end to end against the local fake Twilio: contract suite, threading, delivery status,
// faults, and the hostile inputs of DESIGN.md §5.
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryStatuses } from '../../../src/store/index.js';
import type { MessageId } from '../../../src/domain/ids.js';
import { inboundSms, startFakeTwilio, twilioSignatureOf, type FakeTwilio } from '../../fakes/twilio/server.js';
import { ENGINES } from '../../support/databases.js';
import { connectorContract } from './contract.js';
import { startChannelDesk, type ChannelDesk } from './harness.js';

const FIXTURE_SID = 'AC0123456789abcdef0123456789abcdef';
const fixtureParams = (name: string) => [...new URLSearchParams(readFileSync(new URL(`../../fixtures/twilio/${name}`, import.meta.url), 'utf8'))];
const sid = (seed: string) => `SM${Buffer.from(seed).toString('hex').padEnd(32, '0').slice(0, 32)}`;

async function twilioAccount(desk: ChannelDesk, fake: FakeTwilio, name: string, over: Record<string, string> = {}) {
  return desk.addAccount('twilio', name, { accountSid: fake.accountSid, authToken: fake.authToken, fromNumber: '+15005550006', apiBaseUrl: fake.url, ...over });
}

connectorContract({
  kind: 'twilio',
  async start(desk) {
    const fake = await startFakeTwilio();
    const account = await twilioAccount(desk, fake, 'sms contract');
    const hook = `${desk.url}/hooks/twilio/${account.id}`;
    return {
      accountId: account.id,
      ackStatus: 200,
      // Fixture bodies are kept as they are; only AccountSid is theirs, which the signature covers like any field.
      fixtures: ['inbound-sms.form', 'inbound-mms.form', 'inbound-whatsapp.form', 'status-sent.form', 'status-delivered.form', 'status-undelivered.form'].map(
        (name) => ({ name, send: () => fake.deliver(hook, fixtureParams(name)) }),
      ),
      sendInbound: (id, text) => fake.deliver(hook, inboundSms(fake.accountSid, { MessageSid: sid(id), Body: text })),
      sendForged: () => fake.deliver(hook, inboundSms(fake.accountSid), { token: 'not-the-auth-token' }),
      sentCount: async (text) => fake.messages.filter((m) => m.body === text).length,
      rateLimitNextSend: async (seconds) => {
        await fetch(`${fake.url}/__control/faults`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify([{ kind: 'status', status: 429, code: 20429, message: 'Too Many Requests', retryAfter: String(seconds) }]),
        });
      },
      stop: () => fake.close(),
    };
  },
});
void FIXTURE_SID;

describe.each(ENGINES)('twilio channel end to end on %s', (engine) => {
  let desk: ChannelDesk;
  let fake: FakeTwilio;
  beforeAll(async () => {
    desk = await startChannelDesk(engine, { bodyLimitBytes: 64 * 1024, timeoutMs: 300 });
    fake = await startFakeTwilio();
  });
  afterAll(async () => {
    await fake.close();
    await desk.close();
  });

  it('puts an inbound SMS in the inbox and delivers the agent reply to the sender with delivery status', async () => {
    const account = await twilioAccount(desk, fake, 'sms e2e');
    const hook = `${desk.url}/hooks/twilio/${account.id}`;
    const res = await fake.deliver(hook, inboundSms(fake.accountSid, { MessageSid: sid('e2e-1'), From: '+15551239999', Body: 'Where is my parcel?' }));
    expect(res).toEqual({ status: 200, body: '<?xml version="1.0" encoding="UTF-8"?><Response/>' });
    await desk.ingest();
    const [conv] = await desk.conversationsOf(account.id);
    expect(conv!.messages).toEqual([{ externalId: sid('e2e-1'), direction: 'inbound', text: 'Where is my parcel?', inReplyTo: null }]);

    await desk.reply(conv!.id, 'It is on its way.');
    expect((await desk.outbox()).sent).toBe(1);
    const sent = fake.messages.find((m) => m.body === 'It is on its way.')!;
    expect(sent).toMatchObject({ to: '+15551239999', from: '+15005550006', statusCallback: hook });

    // The message now carries Twilio's sid, answers the customer's message, and is `sent`.
    const after = (await desk.conversationsOf(account.id))[0]!;
    expect(after.status).toBe('pending');
    expect(after.messages[1]).toMatchObject({ externalId: sent.sid, direction: 'outbound', inReplyTo: sid('e2e-1') });
    const messageId = (await sql<{ id: MessageId }>`select id from message where external_id = ${sent.sid}`.execute(desk.database.db)).rows[0]!.id;
    expect((await deliveryStatuses(desk.database.db, [messageId])).get(messageId)).toMatchObject({ status: 'sent' });

    // Status callbacks out of order: delivered, then a late `sent` that must not move it back.
    expect((await fake.sendStatus(sent.sid, 'delivered')).status).toBe(200);
    expect((await fake.sendStatus(sent.sid, 'sent')).status).toBe(200);
    await desk.outbox();
    expect((await deliveryStatuses(desk.database.db, [messageId])).get(messageId)).toMatchObject({ status: 'delivered' });

    // The customer answers: same conversation, reopened.
    await fake.deliver(hook, inboundSms(fake.accountSid, { MessageSid: sid('e2e-2'), From: '+15551239999', Body: 'Thanks!' }));
    await desk.ingest();
    const convs = await desk.conversationsOf(account.id);
    expect(convs).toHaveLength(1);
    expect(convs[0]!.messages.map((m) => m.text)).toEqual(['Where is my parcel?', 'It is on its way.', 'Thanks!']);
  });

  it('does not post twice when a send times out after Twilio created the message', async () => {
    const account = await twilioAccount(desk, fake, 'sms timeout');
    const hook = `${desk.url}/hooks/twilio/${account.id}`;
    await fake.deliver(hook, inboundSms(fake.accountSid, { MessageSid: sid('to-1'), From: '+15551230777', Body: 'hello?' }));
    await desk.ingest();
    const [conv] = await desk.conversationsOf(account.id);
    fake.fault({ kind: 'slow', delayMs: 1500 });
    await desk.reply(conv!.id, 'answer that timed out');
    const first = await desk.outbox();
    expect(first.retried).toBe(1);
    expect(fake.messages.filter((m) => m.body === 'answer that timed out')).toHaveLength(1);
    // Make the retry due now; the worker looks the message up before resending.
    await sql`update outbox_item set next_attempt_at = now() where conversation_id = ${conv!.id}`.execute(desk.database.db);
    const attemptsBefore = fake.sendAttempts;
    const second = await desk.outbox();
    expect(second.sent).toBe(1);
    expect(fake.sendAttempts).toBe(attemptsBefore);
    expect(fake.messages.filter((m) => m.body === 'answer that timed out')).toHaveLength(1);
    const out = (await desk.conversationsOf(account.id))[0]!.messages[1]!;
    expect(out.externalId).toBe(fake.messages.find((m) => m.body === 'answer that timed out')!.sid);
  });

  it('fails a reply to an opted-out number with the reason and never retries it', async () => {
    const account = await twilioAccount(desk, fake, 'sms optout');
    const hook = `${desk.url}/hooks/twilio/${account.id}`;
    await fake.deliver(hook, inboundSms(fake.accountSid, { MessageSid: sid('stop-1'), Body: 'STOP' }));
    await desk.ingest();
    const [conv] = await desk.conversationsOf(account.id);
    fake.fault({ kind: 'status', status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    await desk.reply(conv!.id, 'are you still there?');
    expect((await desk.outbox()).failed).toBe(1);
    const item = await sql<{ status: string; last_error: string; attempts: number }>`select status, last_error, attempts from outbox_item where conversation_id = ${conv!.id}`.execute(desk.database.db);
    expect(item.rows[0]).toEqual({ status: 'failed', attempts: 1, last_error: expect.stringContaining('error 21610: the recipient has opted out (STOP)') });
    await sql`update outbox_item set next_attempt_at = now() where conversation_id = ${conv!.id}`.execute(desk.database.db);
    expect((await desk.outbox()).sent).toBe(0);
  });

  it('retries a 5xx with backoff and then sends once', async () => {
    const account = await twilioAccount(desk, fake, 'sms 5xx');
    const hook = `${desk.url}/hooks/twilio/${account.id}`;
    await fake.deliver(hook, inboundSms(fake.accountSid, { MessageSid: sid('5xx-1'), Body: 'hi' }));
    await desk.ingest();
    const [conv] = await desk.conversationsOf(account.id);
    fake.fault({ kind: 'status', status: 503, code: 20503, message: 'Service unavailable' });
    await desk.reply(conv!.id, 'after a 503');
    expect((await desk.outbox()).retried).toBe(1);
    await sql`update outbox_item set next_attempt_at = now() where conversation_id = ${conv!.id}`.execute(desk.database.db);
    expect((await desk.outbox()).sent).toBe(1);
    expect(fake.messages.filter((m) => m.body === 'after a 503')).toHaveLength(1);
  });

  it('keeps concurrent, duplicated and out-of-order deliveries as one message each, in order', async () => {
    const account = await twilioAccount(desk, fake, 'sms order');
    const hook = `${desk.url}/hooks/twilio/${account.id}`;
    const params = [1, 2, 3, 4, 5].map((i) => inboundSms(fake.accountSid, { MessageSid: sid(`ord-${i}`), From: '+15551230555', Body: `part ${i}` }));
    // Delivered in reverse, each twice, all at once: arrival order is all the channel gives us (no timestamps),
    // so the conversation holds each message once, in the order they were stored.
    await Promise.all([...params].reverse().flatMap((p) => [fake.deliver(hook, p), fake.deliver(hook, p)]));
    await desk.ingest();
    const convs = await desk.conversationsOf(account.id);
    expect(convs).toHaveLength(1);
    const texts = convs[0]!.messages.map((m) => m.text);
    expect([...texts].sort()).toEqual(['part 1', 'part 2', 'part 3', 'part 4', 'part 5']);
    const stored = await sql<{ external_id: string }>`select m.external_id from message m join raw_inbound r on r.id = m.raw_inbound_id
      where m.channel_account_id = ${account.id} order by m.sent_at, r.id`.execute(desk.database.db);
    expect(texts).toEqual(stored.rows.map((r) => params.findIndex((p) => p.find(([k]) => k === 'MessageSid')![1] === r.external_id)).map((i) => `part ${i + 1}`));
  });

  it('answers a signed but malformed delivery with 400 and a dead letter naming the reason', async () => {
    const account = await twilioAccount(desk, fake, 'sms malformed');
    const hook = `${desk.url}/hooks/twilio/${account.id}`;
    const res = await fake.deliver(hook, [['Body', 'no sid here']]);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'WEBHOOK_MALFORMED', message: 'twilio webhook: MessageSid: missing' } });
    const dead = await sql<{ dead_reason: string }>`select dead_reason from raw_inbound where channel_account_id = ${account.id} and status = 'dead'`.execute(desk.database.db);
    expect(dead.rows).toEqual([{ dead_reason: 'MessageSid: missing' }]);
  });

  it('answers an oversized body with 413 before reading it and stores nothing', async () => {
    const account = await twilioAccount(desk, fake, 'sms big');
    const res = await fetch(`${desk.url}/hooks/twilio/${account.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'x' },
      body: `Body=${'a'.repeat(70 * 1024)}`,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'INPUT_TOO_LARGE' } });
    expect(await desk.count('raw_inbound where true', account.id)).toBe(0);
  });

  it('checks the signature against EARSHOT_PUBLIC_URL when the desk is behind a proxy', async () => {
    const account = await twilioAccount(desk, fake, 'sms proxy');
    const { webhookRoutes } = await import('../../../src/server/routes/webhooks.js');
    const { receiveWebhook } = await import('../../../src/pipeline/index.js');
    const Fastify = (await import('fastify')).default;
    const app = Fastify();
    await app.register(webhookRoutes({ receive: (w) => receiveWebhook({ database: desk.database, connectors: desk.connectors }, w), publicUrl: 'https://desk.example.com' }));
    const params = inboundSms(fake.accountSid, { MessageSid: sid('proxy-1') });
    const path = `/hooks/twilio/${account.id}`;
    const inject = (signedUrl: string) =>
      app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignatureOf(fake.authToken, signedUrl, params), host: 'internal:8080' },
        payload: new URLSearchParams(params).toString(),
      });
    expect((await inject(`https://desk.example.com${path}`)).statusCode).toBe(200);
    expect((await inject(`http://internal:8080${path}`)).statusCode).toBe(401);
    await app.close();
  });

  it('answers 404 for an unknown account or a kind that does not match the account', async () => {
    const account = await twilioAccount(desk, fake, 'sms 404');
    expect((await fake.deliver(`${desk.url}/hooks/twilio/00000000-0000-4000-8000-000000000000`, inboundSms(fake.accountSid))).status).toBe(404);
    expect((await fake.deliver(`${desk.url}/hooks/phone/${account.id}`, inboundSms(fake.accountSid))).status).toBe(404);
  });

  it('passes the connection test against the fake and fails it with a wrong token', async () => {
    const good = await twilioAccount(desk, fake, 'sms test ok');
    const bad = await twilioAccount(desk, fake, 'sms test bad', { authToken: 'wrong-token-123' });
    expect(await (await desk.connectors.get(good.id))!.connector.testConnection()).toMatchObject({ ok: true });
    expect(await (await desk.connectors.get(bad.id))!.connector.testConnection()).toMatchObject({ ok: false, reason: expect.stringMatching(/401/) });
  });
});
