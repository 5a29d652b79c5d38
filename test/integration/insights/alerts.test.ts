// The alert worker's pass end to end on both engines: counts from the store, spikes against the same hour of
// earlier weeks, example messages and inbox links, one row per spike however often it runs, an alert.raised event
// on an example's conversation, and the alerts API (list, acknowledge).
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import { runAlertDetection, startAlertWorker } from '../../../src/insights/index.js';
import { readEventsAfter } from '../../../src/store/index.js';
import { ENGINES } from '../../support/databases.js';
import { bearer, ingest, openDesk, withToken, type Desk } from '../server/harness.js';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
const HOUR_START = Date.UTC(2026, 10, 25, 14); // Wednesday 14:00 UTC
const NOW = HOUR_START + 40 * 60_000;

const post = (id: string, at: number, text: string): InboundMessage => ({
  externalId: id,
  direction: 'inbound',
  author: { handle: `a-${id}` },
  text,
  sentAt: at,
  isPublic: true,
  threadKey: `t-${id}`,
});

/**
 * The same hour one and two weeks ago: 2 neutral messages each (intent "other"). This hour: 30 "broken" messages
 * (negative, intent "complaint"; 12 of them name the crisis term "outage") and 2 neutral ones. Expected alerts:
 * account brand-x (volume 32 vs 2, negative 30 vs 0), intent complaint (volume and negative, 30 vs 0), crisis
 * term outage (volume and negative, 12 vs 0), and the one post of an influential author — 7. Intent "other"
 * (2 vs 2) stays quiet.
 */
async function seed(desk: Desk): Promise<void> {
  const items: InboundMessage[] = [];
  for (const weeksAgo of [1, 2]) for (const i of [0, 1]) items.push(post(`base-${weeksAgo}-${i}`, HOUR_START - weeksAgo * WEEK + (i + 1) * 60_000, 'hello, a question about my plan'));
  for (let i = 0; i < 30; i++) items.push(post(`spike-${i}`, HOUR_START + (i + 1) * 60_000, `my order arrived broken ${i}`));
  items.push(post('calm-0', HOUR_START + 5 * 60_000, 'hello, a question about my plan'), post('calm-1', HOUR_START + 6 * 60_000, 'hello, another question'));
  await ingest(desk, items);
  const db = desk.database.db;
  await sql`update message set triage = jsonb_set(triage, '{crisis,terms}', '["outage"]')
    where external_id in (select 'spike-' || g from generate_series(0, 11) g)`.execute(db);
  await sql`update message set triage = jsonb_set(triage, '{influence,value}', '0.9') where external_id = 'spike-29'`.execute(db);
}

describe.each(ENGINES)('alerts on %s', (engine) => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await openDesk(engine);
    await seed(desk);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('raises one alert per spike with examples and an inbox link, and nothing more on the next runs', async () => {
    const eventsBefore = await readEventsAfter(desk.database.db, '0', 10_000);
    const raised = await runAlertDetection(desk.database, { organisationId: desk.organisation.id, now: NOW, minInfluence: 0.7, weeks: 2 });
    expect(raised.map((a) => [a.kind, a.subjectKind, a.subject, a.observed, a.expected]).sort()).toEqual(
      [
        ['influencer', 'author', 'a-spike-29', 0.9, 0.7],
        ['negative-share', 'account', 'brand-x', 30, 0],
        ['negative-share', 'crisis-term', 'outage', 12, 0],
        ['negative-share', 'intent', 'complaint', 30, 0],
        ['volume', 'account', 'brand-x', 32, 2],
        ['volume', 'crisis-term', 'outage', 12, 0],
        ['volume', 'intent', 'complaint', 30, 0],
      ].sort(),
    );
    const outage = raised.find((a) => a.kind === 'volume' && a.subject === 'outage')!;
    expect(outage.startedAt).toBe(HOUR_START);
    expect(outage.inboxPath).toBe('/inbox/open?q=outage');
    expect(outage.exampleMessageIds).toHaveLength(3);
    const examples = await sql<{ external_id: string }>`select external_id from message where id = any(${sql.val([...outage.exampleMessageIds])}::uuid[]) order by external_id`.execute(desk.database.db);
    expect(examples.rows.map((r) => r.external_id)).toEqual(['spike-10', 'spike-11', 'spike-9']); // the newest three naming "outage"
    const influencer = raised.find((a) => a.kind === 'influencer')!;
    expect(influencer.inboxPath).toMatch(/^\/inbox\/open\/[0-9a-f-]{36}$/);

    const events = (await readEventsAfter(desk.database.db, eventsBefore.at(-1)?.id ?? '0', 10_000)).filter((e) => e.type === 'alert.raised');
    expect(events).toHaveLength(7);
    expect(events.every((e) => e.conversations.length === 1)).toBe(true);

    // The same hour, later, and a worker pass: the spikes are already raised.
    expect(await runAlertDetection(desk.database, { organisationId: desk.organisation.id, now: NOW + 15 * 60_000, minInfluence: 0.7, weeks: 2 })).toEqual([]);
    const worker = startAlertWorker({ database: desk.database, log: pino({ level: 'silent' }), organisationId: desk.organisation.id, intervalMs: 0, minInfluence: 0.7, clock: () => NOW });
    expect(await worker.runOnce()).toEqual([]);
    await worker.stop();
    const rows = await sql<{ n: number }>`select count(*)::int as n from alert`.execute(desk.database.db);
    expect(rows.rows[0]!.n).toBe(7);
  });

  it('lists alerts to report readers and lets a lead acknowledge one once', async () => {
    const viewer = withToken(await bearer(desk, desk.agents.viewer));
    const lead = withToken(await bearer(desk, desk.agents.lead));
    const list = await desk.app.inject({ method: 'GET', url: '/api/alerts?open=true', headers: viewer });
    expect(list.statusCode).toBe(200);
    const items = (list.json() as { items: { id: string; reason: string; inboxPath: string }[] }).items;
    expect(items).toHaveLength(7);
    const ack = await desk.app.inject({ method: 'POST', url: `/api/alerts/${items[0]!.id}/ack`, headers: lead });
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({ id: items[0]!.id, acknowledgedBy: desk.agents.lead.id });
    const first = (ack.json() as { acknowledgedAt: string }).acknowledgedAt;
    desk.clock.now += 60_000;
    const again = await desk.app.inject({ method: 'POST', url: `/api/alerts/${items[0]!.id}/ack`, headers: withToken(await bearer(desk, desk.agents.admin)) });
    expect(again.json()).toMatchObject({ acknowledgedAt: first, acknowledgedBy: desk.agents.lead.id });
    const open = await desk.app.inject({ method: 'GET', url: '/api/alerts?open=true', headers: viewer });
    expect((open.json() as { items: unknown[] }).items).toHaveLength(6);
    const missing = await desk.app.inject({ method: 'POST', url: '/api/alerts/00000000-0000-4000-8000-000000000000/ack', headers: lead });
    expect(missing.json()).toMatchObject({ error: { code: 'ALERT_NOT_FOUND' } });
  });
});
