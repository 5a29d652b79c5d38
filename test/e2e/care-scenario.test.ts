// The response framework end to end, on a desk started like `npm start` (composition root, real model triager,
// ingest/workflow/outbox workers, webhooks, API, customer pages) and a local X that speaks X's wire protocol:
// an angry public post → triaged → routed and assigned → the agent acknowledges with a template and a private
// handoff link → the customer completes the private form → the agent resolves → the customer rates the help.
// Every step must be visible in the conversation's timeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, type Agent } from '../../src/store/index.js';
import { startBrowserDesk, eventually, type BrowserDesk } from '../browser/browser-desk.js';
import { startFakeX, tweetCreateBody, type FakeX } from '../fakes/x/server.js';

interface Timeline {
  conversation: { id: string; queueId: string; assigneeId: string | null; status: string; path: string | null; routingReasons: string[]; tags: string[] };
  messages: { direction: string; text: string; isPublic: boolean; triage: { sentiment: { value: string }; complaint: { value: boolean } } | null; delivery: { status: string } | null }[];
  activity: { type: string; payload: Record<string, unknown> }[];
}

describe('care scenario: angry public post to rated private resolution', () => {
  let desk: BrowserDesk;
  let x: FakeX;
  let anna: Agent;
  let token = '';
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${desk.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
  const customerForm = (url: string, fields: Record<string, string>) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

  beforeAll(async () => {
    desk = await startBrowserDesk('pglite');
    x = await startFakeX();
    const { database, organisation } = desk.desk.context;
    const admin = await desk.addAgent('admin@acme.test', 'admin');
    token = (await createApiToken(database.db, { agentId: admin.id, name: 'e2e', scope: 'write', now: Date.now() })).token;
    const team = (await api('POST', '/api/teams', { name: 'Social care' })) as { id: string };
    const queue = (await api('POST', '/api/queues', { name: 'Complaints', teamId: team.id })) as { id: string };
    await api('PATCH', `/api/queues/${queue.id}`, { assignment: 'least-loaded' });
    anna = await desk.addAgent('anna@acme.test', 'agent', [team.id as never]);
    await api('PATCH', `/api/agents/${anna.id}/work`, { availability: 'online', signature: '^Anna' });
    await api('PUT', '/api/routing-rules', { rules: [{ name: 'Unhappy customers to care', when: { sentiments: ['negative'] }, then: { queueId: queue.id, tags: ['care'] } }] });
    await api('PUT', '/api/sla-policies', { policies: [{ name: 'Social', targetsMinutes: { 'first-response': 60 } }] });
    await api('POST', '/api/templates', { name: 'move-private', language: 'en', body: 'Hi {{contact.firstName}}, so sorry about the double charge. Let us sort it out privately:' });
    await api('PATCH', '/api/settings', { csatSurvey: true, csatMessage: 'Thanks for your patience! How did we do?' });
    void organisation;
  });
  afterAll(async () => {
    await desk?.close();
    await x?.close();
  });

  it('runs the whole path and shows every step on the timeline', async () => {
    const account = (await api('POST', '/api/channel-accounts', {
      kind: 'x',
      name: 'Acme on X',
      config: { consumerKey: x.consumerKey, consumerSecret: x.consumerSecret, accessToken: x.accessToken, accessTokenSecret: x.accessTokenSecret, bearerToken: x.bearerToken, userId: x.userId, pollMentions: 'false', apiBaseUrl: x.url },
    })) as { id: string };

    // 1. The angry public post arrives as a signed Account Activity delivery.
    const delivered = await x.deliver(
      `${desk.url}/hooks/x/${account.id}`,
      tweetCreateBody(x.userId, { id: '1790000000000000001', text: '@acme you charged my card twice and nobody answers my emails. Worst service ever, I want my money back!', userId: '4411', screenName: 'jane' }),
    );
    expect(delivered.status).toBe(200);

    // 2. Triaged, routed by the rule and assigned to the online agent of the team.
    let conversationId = '';
    await eventually(async () => {
      const list = (await api('GET', '/api/conversations?limit=10')) as { items: { id: string; assigneeId: string | null }[] };
      const found = list.items.find((c) => c.assigneeId === anna.id);
      if (found) conversationId = found.id;
      return found !== undefined;
    }, 'the post routed and assigned to Anna');
    const routed = (await api('GET', `/api/conversations/${conversationId}`)) as unknown as Timeline;
    expect(routed.messages[0]!.triage).toMatchObject({ sentiment: { value: 'negative' }, complaint: { value: true } });
    expect(routed.conversation.routingReasons[0]).toMatch(/^rule "Unhappy customers to care": sentiment negative → queue/);
    expect(routed.conversation.tags).toContain('care');

    // 3. Anna acknowledges in public with the template and a private handoff link.
    const annaToken = (await createApiToken(desk.desk.context.database.db, { agentId: anna.id, name: 'anna', scope: 'write', now: Date.now() })).token;
    const asAnna = async (path: string, body: unknown) => {
      const res = await fetch(`${desk.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${annaToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBeLessThan(300);
      return (await res.json()) as Record<string, unknown>;
    };
    const ack = (await asAnna(`/api/conversations/${conversationId}/handoff`, { template: { name: 'move-private' } })) as { text: string; handoff: { url: string } };
    expect(ack.text).toMatch(/^Hi Jane, so sorry about the double charge\. Let us sort it out privately: \^Anna http:\/\/127\.0\.0\.1:\d+\/handoff\/\S+$/);
    await eventually(() => x.sends.some((s) => s.kind === 'post' && String(s.body['text']).includes('/handoff/')), 'the acknowledgement posted on X');
    const posted = x.sends.find((s) => String(s.body['text']).includes('/handoff/'))!;
    expect(posted.body['reply']).toMatchObject({ in_reply_to_tweet_id: '1790000000000000001' });

    // 4. The customer opens the link and gives her details privately.
    expect((await fetch(ack.handoff.url)).status).toBe(200);
    const form = await customerForm(ack.handoff.url, { name: 'Jane Doe', email: 'jane@example.com', order: 'A-7781', message: 'Charged twice on 12 March, card ending 4242' });
    expect(form.status).toBe(200);

    // 5. Anna resolves; the survey goes out (the customer moved to private with us).
    await asAnna(`/api/conversations/${conversationId}/status`, { status: 'resolved' });
    await eventually(() => x.sends.some((s) => String(s.body['text']).includes('/csat/')), 'the survey link sent');
    const surveyUrl = String(x.sends.find((s) => String(s.body['text']).includes('/csat/'))!.body['text']).split(' ').at(-1)!;

    // 6. The customer rates the help.
    expect((await customerForm(surveyUrl, { rating: '5', comment: 'Sorted in minutes, thank you Anna' })).status).toBe(200);

    // Every step on the timeline.
    const t = (await api('GET', `/api/conversations/${conversationId}`)) as unknown as Timeline;
    expect(t.conversation.status).toBe('resolved');
    expect(t.messages.map((m) => [m.direction, m.isPublic, m.text.slice(0, 24)])).toEqual([
      ['inbound', true, '@acme you charged my car'],
      ['outbound', true, 'Hi Jane, so sorry about '],
      ['inbound', false, 'Name: Jane Doe\nEmail: ja'],
      ['outbound', true, 'Thanks for your patience'],
      ['note', false, 'Rated 5/5: Sorted in min'],
    ]);
    expect(t.messages[1]!.delivery).toMatchObject({ status: 'sent' });
    const types = t.activity.map((a) => a.type);
    for (const step of ['conversation.routed', 'conversation.assigned', 'handoff.offered', 'handoff.completed', 'conversation.status_changed', 'csat.received']) {
      expect(types).toContain(step);
    }
    expect(types.indexOf('conversation.routed')).toBeLessThan(types.indexOf('handoff.offered'));
    expect(types.indexOf('handoff.completed')).toBeLessThan(types.indexOf('csat.received'));
  }, 60_000);
});
