// Facebook Pages, Messenger, Instagram and WhatsApp Cloud API end to end against the local fake Graph API:
// contract suite per kind, the verification handshake, batched deliveries stored once per item, replies threaded
// the way each surface needs, messaging windows, delivery statuses and Meta's throttling and token errors.
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageId } from '../../../src/domain/ids.js';
import { deliveryStatuses } from '../../../src/store/index.js';
import { feedComment, igComment, messengerEvent, pageDelivery, pageEntry, waDelivery, waStatus, waText } from '../../fakes/meta/payloads.js';
import { startFakeMeta, type FakeMeta } from '../../fakes/meta/server.js';
import { ENGINES } from '../../support/databases.js';
import { connectorContract, type ContractInstance } from './contract.js';
import { startChannelDesk, type ChannelDesk } from './harness.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/meta/${name}`, import.meta.url), 'utf8');
const control = (fake: FakeMeta, seconds: number) => fake.fault({ status: 429, code: 4, retryAfter: String(seconds) });

const facebookConfig = (fake: FakeMeta, over: Record<string, string> = {}) => ({
  appSecret: fake.appSecret,
  verifyToken: fake.verifyToken,
  pageId: fake.pageId,
  pageAccessToken: fake.pageToken,
  apiBaseUrl: fake.url,
  ...over,
});
const instagramConfig = (fake: FakeMeta) => ({ appSecret: fake.appSecret, verifyToken: fake.verifyToken, igUserId: fake.igUserId, pageAccessToken: fake.pageToken, apiBaseUrl: fake.url });
const whatsappConfig = (fake: FakeMeta, over: Record<string, string> = {}) => ({
  appSecret: fake.appSecret,
  verifyToken: fake.verifyToken,
  phoneNumberId: fake.phoneNumberId,
  accessToken: fake.waToken,
  apiBaseUrl: fake.url,
  ...over,
});

function common(fake: FakeMeta, hook: string, fixtures: string[]): Pick<ContractInstance, 'ackStatus' | 'fixtures' | 'sendForged' | 'rateLimitNextSend' | 'stop'> {
  return {
    ackStatus: 200,
    fixtures: fixtures.map((name) => ({ name, send: () => fake.deliver(hook, fixture(name)) })),
    sendForged: () => fake.deliver(hook, pageDelivery('page', []), { secret: 'not-the-app-secret' }),
    rateLimitNextSend: async (seconds) => control(fake, seconds),
    stop: () => fake.close(),
  };
}

connectorContract({
  kind: 'facebook',
  async start(desk) {
    const fake = await startFakeMeta();
    const account = await desk.addAccount('facebook', 'page contract', facebookConfig(fake));
    const hook = `${desk.url}/hooks/facebook/${account.id}`;
    return {
      accountId: account.id,
      ...common(fake, hook, ['page-comment.json', 'page-batch.json']),
      sendInbound: (id, text) => fake.deliver(hook, pageDelivery('page', [pageEntry(fake.pageId, { messaging: [messengerEvent({ pageId: fake.pageId, psid: '7200000000000001', mid: `m_${id}`, text })] })])),
      sentCount: async (text) => fake.sends.filter((s) => (s.body['message'] as { text?: string } | undefined)?.text === text).length,
    };
  },
});

connectorContract({
  kind: 'instagram',
  async start(desk) {
    const fake = await startFakeMeta();
    const account = await desk.addAccount('instagram', 'ig contract', instagramConfig(fake));
    const hook = `${desk.url}/hooks/instagram/${account.id}`;
    return {
      accountId: account.id,
      ...common(fake, hook, ['instagram.json']),
      sendForged: () => fake.deliver(hook, pageDelivery('instagram', []), { secret: 'not-the-app-secret' }),
      sendInbound: (id, text) =>
        fake.deliver(hook, pageDelivery('instagram', [pageEntry(fake.igUserId, { messaging: [messengerEvent({ pageId: fake.igUserId, psid: '8200000000000001', mid: `ig_${id}`, text })] })])),
      sentCount: async (text) => fake.sends.filter((s) => (s.body['message'] as { text?: string } | undefined)?.text === text).length,
    };
  },
});

connectorContract({
  kind: 'whatsapp',
  async start(desk) {
    const fake = await startFakeMeta();
    const account = await desk.addAccount('whatsapp', 'wa contract', whatsappConfig(fake));
    const hook = `${desk.url}/hooks/whatsapp/${account.id}`;
    return {
      accountId: account.id,
      ...common(fake, hook, ['whatsapp-text.json', 'whatsapp-media-bsuid.json', 'whatsapp-statuses.json']),
      sendInbound: (id, text) => fake.deliver(hook, waDelivery(fake.phoneNumberId, waText({ id: `wamid.${id}`, from: '16505550001', text }))),
      sentCount: async (text) => fake.sends.filter((s) => (s.body['text'] as { body?: string } | undefined)?.body === text).length,
    };
  },
});

describe.each(ENGINES)('meta channels end to end on %s', (engine) => {
  let desk: ChannelDesk;
  let fake: FakeMeta;
  beforeAll(async () => {
    desk = await startChannelDesk(engine);
    fake = await startFakeMeta();
  });
  afterAll(async () => {
    await fake.close();
    await desk.close();
  });
  const outboxRow = async (conversationId: string, text: string) =>
    (await sql<{ status: string; last_error: string | null; wait: number }>`
      select status, last_error, extract(epoch from next_attempt_at - now())::float8 as wait from outbox_item
      where conversation_id = ${conversationId} and payload->>'text' = ${text}`.execute(desk.database.db)).rows[0]!;
  const messageCount = async (accountId: string) =>
    (await sql<{ n: number }>`select count(*)::int as n from message where channel_account_id = ${accountId} and direction = 'inbound'`.execute(desk.database.db)).rows[0]!.n;

  it('answers the verification handshake through the webhook route', async () => {
    const account = await desk.addAccount('facebook', 'handshake', facebookConfig(fake));
    const hook = `${desk.url}/hooks/facebook/${account.id}`;
    expect(await fake.handshake(hook, { 'hub.mode': 'subscribe', 'hub.verify_token': fake.verifyToken, 'hub.challenge': '1158201444' })).toEqual({ status: 200, body: '1158201444' });
    expect((await fake.handshake(hook, { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' })).status).toBe(403);
    expect(await desk.count('raw_inbound where true', account.id)).toBe(0);
  });

  it('stores every item of a batched delivery once, through redeliveries, re-batching and concurrent posts', async () => {
    const account = await desk.addAccount('facebook', 'batches', facebookConfig(fake));
    const hook = `${desk.url}/hooks/facebook/${account.id}`;
    const c = (n: number) => feedComment({ pageId: fake.pageId, post: '900001', comment: `80000${n}`, fromId: `61000000000000${n}`, text: `comment ${n}` });
    const m = (n: number) => messengerEvent({ pageId: fake.pageId, psid: `71000000000000${n}`, mid: `m_batch${n}`, text: `message ${n}` });
    const batch = pageDelivery('page', [pageEntry(fake.pageId, { changes: [c(1), c(2), c(3)] }), pageEntry(fake.pageId, { messaging: [m(1), m(2)] })]);
    expect((await fake.deliver(hook, batch)).status).toBe(200);
    await Promise.all([fake.deliver(hook, batch), fake.deliver(hook, batch), fake.deliver(hook, batch)]);
    // Meta re-batches differently on retry: an old item beside a new one.
    expect((await fake.deliver(hook, pageDelivery('page', [pageEntry(fake.pageId, { changes: [c(2), c(4)], messaging: [m(1)] })]))).status).toBe(200);
    await desk.ingest();
    expect(await messageCount(account.id)).toBe(6);
    const texts = (await desk.conversationsOf(account.id)).flatMap((x) => x.messages.map((msg) => msg.text)).sort();
    expect(texts).toEqual(['comment 1', 'comment 2', 'comment 3', 'comment 4', 'message 1', 'message 2']);
  });

  it('answers a Page comment in public under it and a Messenger message through the Send API', async () => {
    const account = await desk.addAccount('facebook', 'replies', facebookConfig(fake));
    const hook = `${desk.url}/hooks/facebook/${account.id}`;
    const comment = feedComment({ pageId: fake.pageId, post: '900002', comment: '810001', fromId: '6200000000000001', text: 'my order is late' });
    const dm = messengerEvent({ pageId: fake.pageId, psid: '7300000000000001', mid: 'm_reply1', text: 'hello there' });
    await fake.deliver(hook, pageDelivery('page', [pageEntry(fake.pageId, { changes: [comment], messaging: [dm] })]));
    await desk.ingest();
    const convs = await desk.conversationsOf(account.id);
    const onComment = convs.find((x) => x.messages[0]!.text === 'my order is late')!;
    const onDm = convs.find((x) => x.messages[0]!.text === 'hello there')!;
    await desk.reply(onComment.id, 'Sorry! Checking now.');
    await desk.reply(onDm.id, 'Hi, how can we help?');
    expect((await desk.outbox()).sent).toBe(2);
    const sentComment = fake.sends.find((s) => s.body['message'] === 'Sorry! Checking now.')!;
    expect(sentComment).toMatchObject({ kind: 'comment', target: '900002_810001' });
    const sentDm = fake.sends.find((s) => (s.body['message'] as { text?: string } | undefined)?.text === 'Hi, how can we help?')!;
    expect(sentDm).toMatchObject({ kind: 'message', target: '7300000000000001', body: { recipient: { id: '7300000000000001' }, messaging_type: 'RESPONSE' } });
    const after = await desk.conversationsOf(account.id);
    expect(after.find((x) => x.id === onComment.id)!.messages[1]).toMatchObject({ direction: 'outbound', externalId: `comment:${sentComment.id}`, inReplyTo: 'comment:900002_810001' });
    expect(after.find((x) => x.id === onDm.id)!.messages[1]).toMatchObject({ direction: 'outbound', externalId: `dm:${sentDm.id}`, inReplyTo: 'dm:m_reply1' });

    // The customer answers our message: same conversation, and Meta's delivery receipt marks ours delivered.
    await fake.deliver(hook, pageDelivery('page', [pageEntry(fake.pageId, { messaging: [
      { sender: { id: '7300000000000001' }, recipient: { id: fake.pageId }, timestamp: Date.now(), delivery: { mids: [sentDm.id], watermark: Date.now() } },
      messengerEvent({ pageId: fake.pageId, psid: '7300000000000001', mid: 'm_reply2', text: 'thanks', replyTo: sentDm.id }),
    ] })]));
    await desk.ingest();
    await desk.outbox();
    expect((await desk.conversationsOf(account.id)).find((x) => x.id === onDm.id)!.messages.map((x) => x.text)).toEqual(['hello there', 'Hi, how can we help?', 'thanks']);
    const id = (await sql<{ id: MessageId }>`select id from message where external_id = ${`dm:${sentDm.id}`}`.execute(desk.database.db)).rows[0]!.id;
    expect((await deliveryStatuses(desk.database.db, [id])).get(id)).toMatchObject({ status: 'delivered' });
  });

  it('refuses a Messenger reply outside the 24-hour window with the reason, and uses HUMAN_AGENT when allowed', async () => {
    for (const [name, tag] of [['window closed', 'false'], ['human agent', 'true']] as const) {
      const account = await desk.addAccount('facebook', name, facebookConfig(fake, { humanAgentTag: tag }));
      const hook = `${desk.url}/hooks/facebook/${account.id}`;
      const psid = tag === 'true' ? '7400000000000002' : '7400000000000001';
      await fake.deliver(hook, pageDelivery('page', [pageEntry(fake.pageId, { messaging: [messengerEvent({ pageId: fake.pageId, psid, mid: `m_${psid}`, text: 'old question' })] })]));
      await desk.ingest();
      fake.lastWrote(psid, 30);
      const [conv] = await desk.conversationsOf(account.id);
      await desk.reply(conv!.id, `late answer ${tag}`);
      await desk.outbox();
      const row = await outboxRow(conv!.id, `late answer ${tag}`);
      if (tag === 'false') {
        expect(row).toMatchObject({ status: 'failed', last_error: expect.stringContaining('Meta error 10/2018278') });
        expect(row.last_error).toContain('outside the 24-hour messaging window');
      } else {
        expect(row.status).toBe('sent');
        expect(fake.sends.find((s) => s.target === psid)!.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
      }
    }
  });

  it('answers an Instagram comment with a reply under it', async () => {
    const account = await desk.addAccount('instagram', 'ig replies', instagramConfig(fake));
    const hook = `${desk.url}/hooks/instagram/${account.id}`;
    await fake.deliver(hook, pageDelivery('instagram', [pageEntry(fake.igUserId, { changes: [igComment({ id: '17865700000000001', fromId: '17841400000000009', username: 'zoe', text: 'wrong size 😕' })] })]));
    await desk.ingest();
    const [conv] = await desk.conversationsOf(account.id);
    expect(conv!.messages[0]!.text).toBe('wrong size 😕');
    await desk.reply(conv!.id, 'We will swap it');
    expect((await desk.outbox()).sent).toBe(1);
    expect(fake.sends.find((s) => s.body['message'] === 'We will swap it')).toMatchObject({ kind: 'ig-reply', target: '17865700000000001' });
  });

  it('threads a WhatsApp reply to the message it answers and applies reordered statuses forward only', async () => {
    const account = await desk.addAccount('whatsapp', 'wa e2e', whatsappConfig(fake));
    const hook = `${desk.url}/hooks/whatsapp/${account.id}`;
    await fake.deliver(hook, waDelivery(fake.phoneNumberId, waText({ id: 'wamid.E2E1', from: '16505550100', text: 'Does it come in blue?' })));
    await desk.ingest();
    const [conv] = await desk.conversationsOf(account.id);
    await desk.reply(conv!.id, 'Yes, in blue too.');
    expect((await desk.outbox()).sent).toBe(1);
    const sent = fake.sends.find((s) => (s.body['text'] as { body?: string } | undefined)?.body === 'Yes, in blue too.')!;
    expect(sent.body).toMatchObject({ messaging_product: 'whatsapp', to: '16505550100', type: 'text', context: { message_id: 'wamid.E2E1' } });
    const id = (await sql<{ id: MessageId }>`select id from message where external_id = ${sent.id}`.execute(desk.database.db)).rows[0]!.id;

    // read arrives before sent; then one POST carries the customer's next message and a status (a mixed batch).
    await fake.deliver(hook, waDelivery(fake.phoneNumberId, { statuses: [waStatus(sent.id, 'read', '16505550100')] }));
    await fake.deliver(hook, waDelivery(fake.phoneNumberId, { statuses: [waStatus(sent.id, 'sent', '16505550100')] }));
    await fake.deliver(hook, waDelivery(fake.phoneNumberId, { ...waText({ id: 'wamid.E2E2', from: '16505550100', text: 'Great', contextId: sent.id, timestamp: Date.now() + 2000 }), statuses: [waStatus(sent.id, 'delivered', '16505550100')] }));
    await desk.ingest();
    await desk.outbox();
    expect((await deliveryStatuses(desk.database.db, [id])).get(id)).toMatchObject({ status: 'delivered' });
    const after = (await desk.conversationsOf(account.id))[0]!;
    expect(after.messages.map((x) => [x.text, x.inReplyTo])).toEqual([
      ['Does it come in blue?', null],
      ['Yes, in blue too.', 'wamid.E2E1'],
      ['Great', sent.id],
    ]);
  });

  it('refuses free-form WhatsApp text after 24 hours, or sends the approved template when one is configured', async () => {
    for (const [name, template] of [['wa no template', undefined], ['wa template', 'ticket_update']] as const) {
      const account = await desk.addAccount('whatsapp', name, whatsappConfig(fake, template ? { templateName: template } : {}));
      const hook = `${desk.url}/hooks/whatsapp/${account.id}`;
      const from = template ? '16505550202' : '16505550201';
      await fake.deliver(hook, waDelivery(fake.phoneNumberId, waText({ id: `wamid.${from}`, from, text: 'anyone?' })));
      await desk.ingest();
      fake.lastWrote(from, 25);
      const [conv] = await desk.conversationsOf(account.id);
      await desk.reply(conv!.id, `Your ticket #4812 ${name}`);
      await desk.outbox();
      const row = await outboxRow(conv!.id, `Your ticket #4812 ${name}`);
      if (!template) {
        expect(row).toMatchObject({ status: 'failed', last_error: expect.stringContaining('Meta error 131047') });
        expect(row.last_error).toContain('only an approved template can be sent; set templateName');
      } else {
        expect(row.status).toBe('sent');
        expect(fake.sends.find((s) => s.target === from)!.body).toMatchObject({
          type: 'template',
          template: { name: 'ticket_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: `Your ticket #4812 ${name}` }] }] },
        });
      }
    }
  });

  it('waits out Meta throttling for the usage header\'s time and fails a dead token for re-authorisation', async () => {
    const account = await desk.addAccount('facebook', 'throttle', facebookConfig(fake));
    const hook = `${desk.url}/hooks/facebook/${account.id}`;
    await fake.deliver(hook, pageDelivery('page', [pageEntry(fake.pageId, { messaging: [messengerEvent({ pageId: fake.pageId, psid: '7500000000000001', mid: 'm_thr', text: 'hi' })] })]));
    await desk.ingest();
    const [conv] = await desk.conversationsOf(account.id);
    fake.fault({ status: 400, code: 613, regainMinutes: 30 });
    await desk.reply(conv!.id, 'throttled answer');
    expect((await desk.outbox()).retried).toBe(1);
    const row = await outboxRow(conv!.id, 'throttled answer');
    expect(row).toMatchObject({ status: 'queued', last_error: expect.stringContaining('Meta error 613') });
    expect(row.wait).toBeGreaterThan(29 * 60);

    const revoked = await desk.addAccount('facebook', 'revoked', facebookConfig(fake, { pageAccessToken: 'EAAB-revoked-token' }));
    const hook2 = `${desk.url}/hooks/facebook/${revoked.id}`;
    await fake.deliver(hook2, pageDelivery('page', [pageEntry(fake.pageId, { messaging: [messengerEvent({ pageId: fake.pageId, psid: '7500000000000002', mid: 'm_rev', text: 'hi' })] })]));
    await desk.ingest();
    const [conv2] = await desk.conversationsOf(revoked.id);
    await desk.reply(conv2!.id, 'answer with a dead token');
    await desk.outbox();
    expect(await outboxRow(conv2!.id, 'answer with a dead token')).toMatchObject({ status: 'failed', last_error: expect.stringMatching(/invalid, expired or revoked.*re-authorise/) });
  });

  it('answers an authentic but unreadable delivery with 400 and keeps it as a dead letter', async () => {
    const account = await desk.addAccount('whatsapp', 'wa malformed', whatsappConfig(fake));
    const hook = `${desk.url}/hooks/whatsapp/${account.id}`;
    const res = await fake.deliver(hook, '{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp"}}]}]}');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'WEBHOOK_MALFORMED', message: expect.stringContaining('entry.0.changes.0: metadata') } });
    expect(await desk.count(`raw_inbound where status = 'dead'`, account.id)).toBe(1);
  });
});
