// Outcomes (reopen, first-contact resolution, vent rate), the line-jumping index and the churn-risk list on one
// fixture whose figures are computed by hand below, through insights and the HTTP API, on both engines.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import { buildChurnRiskList, buildLineJumpingReport, buildOutcomeReport } from '../../../src/insights/index.js';
import { ensureChannelAccount, updateOrganisationSettings } from '../../../src/store/index.js';
import { ENGINES } from '../../support/databases.js';
import { bearer, ingest, openDesk, withToken, type Desk } from '../server/harness.js';

const T0 = Date.UTC(2026, 10, 1, 10);
const MIN = 60_000;
const PERIOD = { since: new Date(Date.UTC(2026, 10, 1)), until: new Date(Date.UTC(2026, 10, 4)) };

const msg = (id: string, author: string, at: number, text: string, isPublic: boolean): InboundMessage => ({
  externalId: id,
  direction: 'inbound',
  author: { handle: author },
  text,
  sentAt: at,
  isPublic,
  threadKey: `t-${id}`,
});

/**
 * x (public):  p1 contact a "worst service ever" — priority 60, answered in 600 s, resolved, then reopened (open)
 *              p2 contact b — priority 60, answered in 1,200 s, resolved: first-contact resolution
 *              p3 contact c — priority 20, answered in 300 s, open, a vent of q3
 * email:       q1 contact d "my order arrived broken" — priority 60, answered in 1,800 s, resolved; d writes again
 *                 two days later (q4), so not resolved at first contact
 *              q2 contact e "please cancel my account" (cancel intent) — priority 60, answered in 3,600 s, open
 *              q3 contact f — priority 20, answered in 300 s, resolved: first-contact resolution
 *              q4 contact d "still broken and I am angry" — priority 20, unanswered, open
 */
async function seed(desk: Desk): Promise<void> {
  const mail = await ensureChannelAccount(desk.database.db, { organisationId: desk.organisation.id, kind: 'email', name: 'Mail' });
  await ingest(desk, [
    msg('p1', 'a', T0, 'worst service ever, really', true),
    msg('p2', 'b', T0 + 10 * MIN, 'hello, a question about opening hours', true),
    msg('p3', 'c', T0 + 20 * MIN, 'hello, a question about delivery', true),
  ]);
  await ingest(
    desk,
    [
      msg('q1', 'd', T0, 'my order arrived broken today', false),
      msg('q2', 'e', T0 + 5 * MIN, 'please cancel my account now', false),
      msg('q3', 'f', T0 + 15 * MIN, 'hello, how do I change my address', false),
      msg('q4', 'd', T0 + 2 * 86_400_000, 'still broken and I am angry', false),
    ],
    mail.id,
  );
  const db = desk.database.db;
  const conv = (id: string) => sql`(select conversation_id from message where external_id = ${id})`;
  const set = async (id: string, priority: number, answeredAfterS: number | null) =>
    sql`update conversation set priority = ${priority},
        first_response_at = case when ${answeredAfterS}::int is null then null else first_inbound_at + make_interval(secs => ${answeredAfterS}::float8) end
      where id = ${conv(id)}`.execute(db);
  await set('p1', 60, 600);
  await set('p2', 60, 1200);
  await set('p3', 20, 300);
  await set('q1', 60, 1800);
  await set('q2', 60, 3600);
  await set('q3', 20, 300);
  await set('q4', 20, null);
  for (const id of ['p1', 'p2', 'q1', 'q3']) {
    await sql`update conversation set status = 'resolved', resolved_at = first_inbound_at + interval '1 hour' where id = ${conv(id)}`.execute(db);
  }
  await sql`update conversation set status = 'open', resolved_at = null where id = ${conv('p1')}`.execute(db);
  await sql`update conversation set vent_of_conversation_id = ${conv('q3')} where id = ${conv('p3')}`.execute(db);
  await sql`update message set triage = jsonb_set(triage, '{intent,value}', '"cancel"') where external_id = 'q2'`.execute(db);
  await sql`update contact set attributes = '{"value": 0.5}' where id = (select contact_id from conversation where id = ${conv('p1')})`.execute(db);
  await sql`update contact set attributes = '{"value": 0.2}' where id = (select contact_id from conversation where id = ${conv('q1')})`.execute(db);
  await updateOrganisationSettings(db, desk.organisation.id, { fairQueueWeights: { channel: { x: 10 } } });
}

describe.each(ENGINES)('care reports on %s', (engine) => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await openDesk(engine);
    await seed(desk);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('gives reopen rate, first-contact resolution and vent rate per channel and overall', async () => {
    const rows = await buildOutcomeReport(desk.database, PERIOD);
    expect(rows).toEqual([
      // email: q1, q3 resolved; none reopened; q3 only at first contact (d came back); no public conversations.
      { channel: 'email', conversations: 4, resolved: 2, reopened: 0, resolvedAtFirstContact: 1, publicConversations: 0, vents: 0, reopenRate: 0, firstContactResolutionRate: 0.5, ventRate: null },
      // x: p1, p2 resolved; p1 reopened; p2 at first contact; p3 of the 3 public ones is a vent.
      { channel: 'x', conversations: 3, resolved: 2, reopened: 1, resolvedAtFirstContact: 1, publicConversations: 3, vents: 1, reopenRate: 0.5, firstContactResolutionRate: 0.5, ventRate: 0.3333 },
      { channel: 'all', conversations: 7, resolved: 4, reopened: 1, resolvedAtFirstContact: 2, publicConversations: 3, vents: 1, reopenRate: 0.25, firstContactResolutionRate: 0.5, ventRate: 0.3333 },
    ]);
  });

  it('computes the line-jumping index per priority band and overall, beside the channel weights', async () => {
    const report = await buildLineJumpingReport(desk.database, { organisationId: desk.organisation.id, ...PERIOD });
    expect(report.bands).toEqual([
      // low: public p3 300 s; private q3 300 s (q4 unanswered) → 1.
      { band: 'low', public: { conversations: 1, answered: 1, p50Seconds: 300, p90Seconds: 300 }, private: { conversations: 2, answered: 1, p50Seconds: 300, p90Seconds: 300 }, index: 1 },
      // high: public 600, 1,200 → median 900, p90 600 + 0.9·600 = 1,140; private 1,800, 3,600 → 2,700, 3,420 → 3.
      { band: 'high', public: { conversations: 2, answered: 2, p50Seconds: 900, p90Seconds: 1140 }, private: { conversations: 2, answered: 2, p50Seconds: 2700, p90Seconds: 3420 }, index: 3 },
    ]);
    // Weighted geometric mean: exp((2·ln 3 + 1·ln 1) / 3) = 3^(2/3) = 2.08.
    expect(report.index).toBe(2.08);
    expect(report.channelWeights).toEqual({ x: 10 });
    expect(report.reading).toBe('public contacts jump the line: an equal-need private contact waits 2.08× as long as a public one (median first response); channel weights set: x +10');
  });

  it('lists contacts at risk with their reasons, weighted by customer value', async () => {
    const list = await buildChurnRiskList(desk.database, { ...PERIOD, limit: 10 });
    expect(list.map((r) => [r.contactName ?? r.contactId, r.score, r.weightedScore, r.reasons])).toEqual([
      // d: two negative conversations (+20), q4 an unresolved complaint (+20) = 40, × 1.2.
      [expect.any(String), 40, 48, ['+20 2 negative conversations', '+20 1 unresolved complaint', '× 1.2 customer value 0.2']],
      // a: one negative conversation (+10), reopened and so unresolved complaint (+20) = 30, × 1.5.
      [expect.any(String), 30, 45, ['+10 one negative conversation', '+20 1 unresolved complaint', '× 1.5 customer value 0.5']],
      // e: asked to cancel = 40, value unknown.
      [expect.any(String), 40, 40, ['+40 asked to cancel (1 message)']],
    ]);
    expect(list[0]!.conversationIds).toHaveLength(2);
    expect(list[0]!.channels).toEqual(['email']);
  });

  it('serves the three reports over HTTP, and the churn list only to those who see conversations', async () => {
    const q = `since=${encodeURIComponent(PERIOD.since.toISOString())}&until=${encodeURIComponent(PERIOD.until.toISOString())}`;
    const viewer = withToken(await bearer(desk, desk.agents.viewer));
    const admin = withToken(await bearer(desk, desk.agents.admin));
    const outcomes = await desk.app.inject({ method: 'GET', url: `/api/reports/outcomes?${q}`, headers: viewer });
    expect(outcomes.statusCode).toBe(200);
    expect((outcomes.json() as { rows: { channel: string; ventRate: number | null }[] }).rows.map((r) => [r.channel, r.ventRate])).toEqual([
      ['email', null],
      ['x', 0.3333],
      ['all', 0.3333],
    ]);
    const jumping = await desk.app.inject({ method: 'GET', url: `/api/reports/line-jumping?${q}`, headers: viewer });
    expect((jumping.json() as { index: number }).index).toBe(2.08);
    expect((await desk.app.inject({ method: 'GET', url: `/api/reports/churn-risk?${q}`, headers: viewer })).statusCode).toBe(403);
    const churn = await desk.app.inject({ method: 'GET', url: `/api/reports/churn-risk?${q}&limit=2`, headers: admin });
    expect((churn.json() as { items: { weightedScore: number }[] }).items.map((i) => i.weightedScore)).toEqual([48, 45]);
    const backwards = await desk.app.inject({ method: 'GET', url: `/api/reports/outcomes?since=${encodeURIComponent(PERIOD.until.toISOString())}&until=${encodeURIComponent(PERIOD.since.toISOString())}`, headers: viewer });
    expect(backwards.statusCode).toBe(400);
  });
});
