// Private handoff and CSAT through the real server: one action posts a signed acknowledgement with a single-use
// link; the customer's private form lands in the same conversation and merges the contact; a tampered, expired
// or replayed link shows a page that says so and nothing else. Resolving a private conversation sends a survey
// whose answer appears on the timeline once.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateChannelConfig } from '../../../src/channels/index.js';
import { createChannelAccount, ensureChannelAccount } from '../../../src/store/index.js';
import { startFakeTwilio, type FakeTwilio } from '../../fakes/twilio/server.js';
import { ENGINES } from '../../support/databases.js';
import { bearer, conversationOf, inbound, ingest, moveToQueue, openDesk, SECRET_KEY, START, withToken, type Desk } from './harness.js';

const HOUR = 3_600_000;
const PUBLIC_URL = 'https://desk.example.com';

describe.each(ENGINES)('private handoff and CSAT on %s', (engine) => {
  let desk: Desk;
  let fake: FakeTwilio;
  let sms: string;
  const tokens: Record<string, string> = {};
  const api = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    desk.app.inject({ method, url, headers: withToken(tokens[who]!), ...(payload ? { payload } : {}) });
  const form = (url: string, fields: Record<string, string>) =>
    desk.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
  const pathOf = (url: string) => new URL(url).pathname;
  const timeline = async (id: string) =>
    ((await api('admin', 'GET', `/api/conversations/${id}`)).json() as { messages: { direction: string; text: string; isPublic: boolean }[] }).messages;
  const outboxTexts = async (id: string) =>
    (await sql<{ text: string }>`select m.text from outbox_item o join message m on m.id = o.message_id where o.conversation_id = ${id}::uuid order by o.created_at`.execute(desk.database.db)).rows.map(
      (r) => r.text,
    );

  beforeAll(async () => {
    desk = await openDesk(engine, { publicUrl: PUBLIC_URL });
    fake = await startFakeTwilio();
    for (const who of ['admin', 'agentA'] as const) tokens[who] = await bearer(desk, desk.agents[who]);
    const { settings, secrets } = validateChannelConfig('twilio', { accountSid: fake.accountSid, authToken: fake.authToken, apiBaseUrl: fake.url, fromNumber: '+15005550006' });
    sms = (await createChannelAccount(desk.database.db, SECRET_KEY, { organisationId: desk.organisation.id, kind: 'twilio', name: 'SMS', settings, secrets })).id;
  });
  afterAll(async () => {
    await desk.close();
    await fake.close();
  });

  it('posts a signed acknowledgement with a single-use link; the private form lands in the conversation and merges the contact', async () => {
    // The customer wrote to us by email before (unanswered), then complains in public.
    const email = await ensureChannelAccount(desk.database.db, { organisationId: desk.organisation.id, kind: 'email', name: 'mail' });
    await ingest(desk, [inbound('h-mail', { author: { handle: 'sam@example.com', verifiedEmail: 'sam@example.com' }, isPublic: false, sentAt: START - 5 * HOUR })], email.id);
    await ingest(desk, [inbound('h-post', { author: { handle: '+15557770001', displayName: 'Sam Lee' }, text: 'Third time my card was charged twice!!', isPublic: true, sentAt: START - HOUR })], sms);
    const post = await conversationOf(desk, 'h-post');
    await moveToQueue(desk, [post], desk.queues.a.id);

    const res = await api('agentA', 'POST', `/api/conversations/${post}/handoff`, {});
    expect(res.statusCode).toBe(202);
    const body = res.json() as { text: string; delivery: { status: string }; handoff: { url: string; expiresAt: string } };
    expect(body.delivery.status).toBe('queued');
    expect(body.text).toMatch(/^We're sorry about this and want to sort it out\. Please share your details privately here: \^anna https:\/\/desk\.example\.com\/handoff\/\S+$/);
    expect(body.handoff.expiresAt).toBe(new Date(START + 72 * HOUR).toISOString());
    expect(await outboxTexts(post)).toEqual([body.text]);

    const link = pathOf(body.handoff.url);
    const opened = await desk.app.inject({ method: 'GET', url: link });
    expect(opened.statusCode).toBe(200);
    expect(opened.headers['content-security-policy']).toContain("default-src 'none'");
    expect(opened.body).toContain('Share your details here privately');
    expect(opened.body).not.toContain('charged twice'); // nothing of the conversation on the page

    const invalid = await form(link, { email: 'not-an-email', message: '' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('enter an email address');
    expect(invalid.body).toContain('tell us what happened');

    const done = await form(link, { name: 'Sam Lee', email: 'Sam@Example.com', order: 'A-42', message: 'Charged twice on 3 Jan' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Thank you');
    const messages = await timeline(post);
    expect(messages.at(-1)).toMatchObject({ direction: 'inbound', isPublic: false, text: 'Name: Sam Lee\nEmail: sam@example.com\nOrder number: A-42\nCharged twice on 3 Jan' });
    // The earlier email's contact is now the same customer as the public poster.
    const contacts = await sql<{ contact_id: string }>`select distinct contact_id from conversation where id in (${post}::uuid, ${await conversationOf(desk, 'h-mail')}::uuid)`.execute(desk.database.db);
    expect(contacts.rows).toHaveLength(1);
    const events = await sql<{ type: string }>`select type from event where conversation_id = ${post}::uuid and type like 'handoff.%' order by id`.execute(desk.database.db);
    expect(events.rows.map((e) => e.type)).toEqual(['handoff.offered', 'handoff.completed']);

    // Replayed: a page that says so; nothing written twice.
    const replay = await form(link, { message: 'again' });
    expect(replay.statusCode).toBe(410);
    expect(replay.body).toContain('already used');
    expect((await timeline(post)).filter((m) => m.text.includes('again'))).toEqual([]);
  });

  it('shows a tampered link as invalid and an old one as expired, without touching the conversation', async () => {
    await ingest(desk, [inbound('h-2', { text: 'you broke my order', isPublic: true, sentAt: START - HOUR })], sms);
    const id = await conversationOf(desk, 'h-2');
    await moveToQueue(desk, [id], desk.queues.a.id);
    const { handoff } = (await api('agentA', 'POST', `/api/conversations/${id}/handoff`, { text: 'Let us fix this in private' })).json() as { handoff: { url: string } };
    const link = pathOf(handoff.url);
    const [prefix, exp, sig] = link.slice('/handoff/'.length).split('.') as [string, string, string];
    const longer = `/handoff/${prefix}.${Number(exp) + 999_999}.${sig}`;
    const tampered = await desk.app.inject({ method: 'GET', url: longer });
    expect(tampered.statusCode).toBe(404);
    expect(tampered.body).toContain('This link is not valid');
    expect((await form(longer, { message: 'hi' })).statusCode).toBe(404);
    expect((await desk.app.inject({ method: 'GET', url: '/handoff/garbage' })).statusCode).toBe(404);

    desk.clock.now = START + 73 * HOUR;
    try {
      const expired = await form(link, { message: 'too late' });
      expect(expired.statusCode).toBe(410);
      expect(expired.body).toContain('expired');
    } finally {
      desk.clock.now = START;
    }
    expect((await timeline(id)).filter((m) => m.text.includes('too late'))).toEqual([]);
  });

  it('sends a survey when a private conversation is resolved, records one answer on the timeline, and asks nobody in public', async () => {
    expect((await api('admin', 'PATCH', '/api/settings', { csatSurvey: true, csatMessage: 'How did we do?' })).statusCode).toBe(200);
    await ingest(desk, [inbound('c-dm', { text: 'where is my parcel', isPublic: false, sentAt: START - HOUR })], sms);
    const dm = await conversationOf(desk, 'c-dm');
    await moveToQueue(desk, [dm], desk.queues.a.id);
    expect((await api('agentA', 'POST', `/api/conversations/${dm}/status`, { status: 'resolved' })).statusCode).toBe(200);
    const survey = (await outboxTexts(dm)).find((t) => t.startsWith('How did we do? '))!;
    expect(survey).toMatch(/^How did we do\? https:\/\/desk\.example\.com\/csat\/\S+$/);
    const link = pathOf(survey.split(' ').at(-1)!);
    expect((await desk.app.inject({ method: 'GET', url: link })).body).toContain('How satisfied are you');
    expect((await form(link, { rating: '9' })).statusCode).toBe(400);
    expect((await form(link, { rating: '4', comment: 'Quick, thanks' })).statusCode).toBe(200);
    expect((await timeline(dm)).at(-1)).toMatchObject({ direction: 'note', text: 'Rated 4/5: Quick, thanks' });
    expect((await form(link, { rating: '1' })).statusCode).toBe(410);
    const answers = await sql<{ rating: number }>`select rating from csat_survey where conversation_id = ${dm}::uuid`.execute(desk.database.db);
    expect(answers.rows).toEqual([{ rating: 4 }]);

    await ingest(desk, [inbound('c-pub', { text: 'where is my parcel', isPublic: true, sentAt: START - HOUR })], sms);
    const pub = await conversationOf(desk, 'c-pub');
    await moveToQueue(desk, [pub], desk.queues.a.id);
    await api('agentA', 'POST', `/api/conversations/${pub}/status`, { status: 'resolved' });
    expect(await outboxTexts(pub)).toEqual([]);
  });
});
