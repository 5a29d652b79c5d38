// Phone events end to end: a PBX driver posts Zammad-style CTI events; calls land on the contact's timeline and a
// missed call leaves a new conversation (a callback task) in the default queue.
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../support/databases.js';
import { ctiDriver } from '../../fakes/phone/driver.js';
import { connectorContract } from './contract.js';
import { startChannelDesk, type ChannelDesk } from './harness.js';

const TOKEN = 'pbx-token-0123456789abcdef0123';
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/phone/${name}`, import.meta.url), 'utf8');

connectorContract({
  kind: 'phone',
  async start(desk) {
    const account = await desk.addAccount('phone', 'pbx contract', { token: TOKEN });
    const hook = `${desk.url}/hooks/phone/${account.id}/${TOKEN}`;
    const pbx = ctiDriver(hook);
    return {
      accountId: account.id,
      ackStatus: 200,
      fixtures: ['new-call-in.json', 'answer-in.json', 'hangup-answered.json', 'hangup-missed.json', 'new-call-anonymous.form'].map((name) => ({
        name,
        send: () => pbx.raw(fixture(name), name.endsWith('.json') ? 'application/json' : 'application/x-www-form-urlencoded'),
      })),
      sendInbound: (id, text) => pbx.newCall({ callId: id, from: '4930609850001', to: '4930609811111', direction: 'in' }, { queue: text }),
      sendForged: () => ctiDriver(`${desk.url}/hooks/phone/${account.id}/not-the-token-000000000000`).newCall({ callId: 'f', from: '1', to: '2', direction: 'in' }),
      stop: async () => undefined,
    };
  },
});

describe.each(ENGINES)('phone events end to end on %s', (engine) => {
  let desk: ChannelDesk;
  beforeAll(async () => {
    desk = await startChannelDesk(engine);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('answers {} and puts an answered call on the caller timeline without leaving work', async () => {
    const account = await desk.addAccount('phone', 'pbx answered', { token: TOKEN });
    const pbx = ctiDriver(`${desk.url}/hooks/phone/${account.id}/${TOKEN}`);
    const call = { callId: 'c-100', from: '4930609854180', to: '4930609811111', direction: 'in' as const };
    expect(await pbx.newCall(call, { user: ['Alice'] })).toEqual({ status: 200, body: '{}' });
    await pbx.answer(call, 'Alice', '4930609811112');
    await pbx.hangup(call, 'normalClearing', '4930609811112');
    await pbx.hangup(call, 'normalClearing', '4930609811112'); // the PBX repeats itself
    await desk.ingest();
    const convs = await desk.conversationsOf(account.id);
    expect(convs).toHaveLength(1);
    expect(convs[0]!.status).toBe('pending');
    expect(convs[0]!.messages.map((m) => [m.direction, m.text])).toEqual([
      ['inbound', 'Incoming call from 4930609854180 to 4930609811111'],
      ['outbound', 'Call from 4930609854180 answered by Alice'],
      ['outbound', 'Call from 4930609854180 ended (normalClearing)'],
    ]);
  });

  it('turns a missed call into a new conversation in the default queue that asks for a call back', async () => {
    const account = await desk.addAccount('phone', 'pbx missed', { token: TOKEN });
    const pbx = ctiDriver(`${desk.url}/hooks/phone/${account.id}/${TOKEN}`, { form: true });
    const call = { callId: 'c-200', from: '4930609854199', to: '4930609811111', direction: 'in' as const };
    await pbx.newCall(call, { user: ['Alice', 'Bob'], queue: 'support' });
    await pbx.hangup(call, 'noAnswer');
    await desk.ingest();
    const row = await sql<{ status: string; queue_id: string; text: string }>`
      select c.status, c.queue_id, m.text from conversation c join message m on m.conversation_id = c.id
      where c.channel_account_id = ${account.id} order by m.sent_at desc, m.created_at desc limit 1`.execute(desk.database.db);
    expect(row.rows[0]).toEqual({ status: 'new', queue_id: desk.organisation.defaultQueueId, text: 'Missed call from 4930609854199 (noAnswer): call back' });
  });

  it('puts calls and SMS from the same number on one contact', async () => {
    const phone = await desk.addAccount('phone', 'pbx merge', { token: TOKEN });
    await ctiDriver(`${desk.url}/hooks/phone/${phone.id}/${TOKEN}`).newCall({ callId: 'c-300', from: '4930609854777', to: '4930609811111', direction: 'in' });
    await desk.ingest();
    const { storeRawInbound } = await import('../../../src/store/index.js');
    const sms = await desk.addAccount('webchat', 'merge chat', { allowedOrigins: '*' });
    await storeRawInbound(desk.database.db, [
      {
        organisationId: desk.organisation.id,
        channelAccountId: sms.id,
        source: 'normalised',
        dedupeKey: null,
        payload: { externalId: 'x1', direction: 'inbound', author: { handle: 'sms-handle', verifiedPhone: '+4930609854777' }, text: 'hi', sentAt: Date.now(), isPublic: false },
      },
    ]);
    await desk.ingest();
    const contacts = await sql<{ n: number }>`select count(distinct contact_id)::int as n from contact_identity where handle in ('4930609854777', 'sms-handle')`.execute(desk.database.db);
    expect(contacts.rows[0]!.n).toBe(1);
  });

  it('answers a wrong token with 401, malformed JSON with 400 and a dead letter, and refuses replies', async () => {
    const account = await desk.addAccount('phone', 'pbx hostile', { token: TOKEN });
    const pbx = ctiDriver(`${desk.url}/hooks/phone/${account.id}/${TOKEN}`);
    expect((await pbx.raw('{}', 'application/json', `${desk.url}/hooks/phone/${account.id}`)).status).toBe(401);
    const bad = await pbx.raw('{"event":"newCall",', 'application/json');
    expect(bad.status).toBe(400);
    const dead = await sql<{ dead_reason: string }>`select dead_reason from raw_inbound where channel_account_id = ${account.id} and status = 'dead'`.execute(desk.database.db);
    expect(dead.rows[0]!.dead_reason).toMatch(/^body: malformed JSON/);
    await pbx.newCall({ callId: 'c-400', from: '4930609854100', to: '4930609811111', direction: 'in' });
    await desk.ingest();
    const [conv] = await desk.conversationsOf(account.id);
    await desk.reply(conv!.id, 'cannot be sent');
    expect((await desk.outbox()).failed).toBe(1);
    const item = await sql<{ status: string; last_error: string }>`select status, last_error from outbox_item where conversation_id = ${conv!.id}`.execute(desk.database.db);
    expect(item.rows[0]).toEqual({ status: 'failed', last_error: 'phone accounts cannot send replies' });
  });
});
