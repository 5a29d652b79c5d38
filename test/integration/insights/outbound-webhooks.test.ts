// Outbound webhooks end to end on both engines: an admin subscribes a local HTTP receiver (which checks every
// signature with docs/verify-webhook.mjs) and a mailto: address (a local SMTP receiver); a resolved conversation and
// an alert become signed deliveries; the receiver fails twice, earshot retries with backoff and the log shows it;
// a replay sends again; a disabled subscription gets nothing more.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeliveryWorker, type DeliveryWorker } from '../../../src/insights/index.js';
import { raiseAlerts } from '../../../src/store/index.js';
// @ts-expect-error: a plain JavaScript file for receivers, without type declarations
import { verifyEarshotWebhook } from '../../../docs/verify-webhook.mjs';
import { ENGINES } from '../../support/databases.js';
import { startFakeSmtp, type FakeSmtp } from '../../fakes/email/smtp-server.js';
import { bearer, conversationOf, inbound, ingest, openDesk, SECRET_KEY, withToken, type Desk } from '../server/harness.js';

const verify = verifyEarshotWebhook as (secret: string, headers: Record<string, unknown>, body: Buffer, now: number) => string | null;

interface Received {
  readonly headers: Record<string, unknown>;
  readonly body: Buffer;
}

describe.each(ENGINES)('outbound webhooks on %s', (engine) => {
  let desk: Desk;
  let receiver: Server;
  let url = '';
  let smtp: FakeSmtp;
  const received: Received[] = [];
  let failuresLeft = 2;
  let worker: DeliveryWorker;
  /** Fake "now" for the worker, a little after the database's own now() that stamps new deliveries. */
  let t0 = 0;

  beforeAll(async () => {
    desk = await openDesk(engine);
    t0 = Date.now() + 120_000;
    smtp = await startFakeSmtp();
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks) });
        if (failuresLeft > 0) {
          failuresLeft--;
          res.writeHead(500).end();
        } else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/earshot`;
    worker = startDeliveryWorker({
      database: desk.database,
      log: pino({ level: 'silent' }),
      secretKey: SECRET_KEY,
      email: { smtpUrl: `smtp://${smtp.user}:${smtp.password}@${smtp.host}:${smtp.port}`, from: 'desk@shop.example' },
      publicUrl: 'https://desk.shop.example',
      intervalMs: 0,
      timeoutMs: 5_000,
    });
  });
  afterAll(async () => {
    await worker.stop();
    await new Promise((resolve) => receiver.close(resolve));
    await smtp.close();
    await desk.close();
  });

  it('signs, retries with backoff, logs, replays and stops when disabled', async () => {
    const admin = withToken(await bearer(desk, desk.agents.admin));
    const created = await desk.app.inject({ method: 'POST', url: '/api/webhooks', headers: admin, payload: { url, events: ['conversation.resolved', 'alert.raised'], description: 'CRM' } });
    expect(created.statusCode).toBe(201);
    const sub = created.json() as { id: string; secret: string; events: string[] };
    expect(sub.secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    const listed = await desk.app.inject({ method: 'GET', url: '/api/webhooks', headers: admin });
    expect(JSON.stringify(listed.json())).not.toContain(sub.secret);
    const mail = await desk.app.inject({ method: 'POST', url: '/api/webhooks', headers: admin, payload: { url: 'mailto:ops@shop.example', events: ['alert.raised'] } });
    expect(mail.statusCode).toBe(201);
    const bad = await desk.app.inject({ method: 'POST', url: '/api/webhooks', headers: admin, payload: { url: 'ftp://x.example/', events: ['digest'] } });
    expect(bad.json()).toMatchObject({ error: { code: 'INPUT_INVALID', message: expect.stringMatching(/url/) } });

    await ingest(desk, [inbound('wh-1')]);
    const conversation = await conversationOf(desk, 'wh-1');
    expect((await desk.app.inject({ method: 'POST', url: `/api/conversations/${conversation}/status`, headers: admin, payload: { status: 'resolved' } })).statusCode).toBe(200);
    await raiseAlerts(desk.database.db, desk.organisation.id, [
      { kind: 'volume', subjectKind: 'intent', subject: 'outage', startedAt: t0 - 3_600_000, dedupeKey: 'volume:intent:outage:t', observed: 40, expected: 3, reason: 'intent "outage": 40 messages', examples: [], inboxPath: '/inbox/open?q=outage' },
    ]);

    // First pass: two webhook attempts (both answered 500) and one email.
    expect(await worker.runOnce(t0)).toBe(3);
    expect(received).toHaveLength(2);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({ to: ['ops@shop.example'], subject: '[earshot] alert.raised: intent "outage": 40 messages' });
    expect(smtp.messages[0]!.text).toContain('Open in earshot: https://desk.shop.example/inbox/open?q=outage');
    // Not due yet 10 s later; due after the 30 s backoff, and delivered.
    expect(await worker.runOnce(t0 + 10_000)).toBe(0);
    expect(await worker.runOnce(t0 + 31_000)).toBe(2);
    expect(received).toHaveLength(4);
    for (const [i, r] of received.entries()) expect({ i, problem: verify(sub.secret, r.headers, r.body, Math.floor((t0 + (i < 2 ? 0 : 31_000)) / 1000)) }).toEqual({ i, problem: null });
    const types = received.slice(2).map((r) => (JSON.parse(r.body.toString()) as { type: string; data: Record<string, unknown> }));
    expect(types.map((t) => t.type).sort()).toEqual(['alert.raised', 'conversation.resolved']);
    expect(types.find((t) => t.type === 'conversation.resolved')!.data).toEqual({ conversationId: conversation });
    expect(received.map((r) => r.headers['x-earshot-event'])).toEqual(expect.arrayContaining(['alert.raised', 'conversation.resolved']));

    const log = await desk.app.inject({ method: 'GET', url: `/api/webhooks/${sub.id}/deliveries`, headers: admin });
    const deliveries = (log.json() as { items: { id: string; eventType: string; status: string; attempts: number; lastStatus: number | null }[] }).items;
    expect(deliveries.map((d) => [d.eventType, d.status, d.attempts, d.lastStatus]).sort()).toEqual([
      ['alert.raised', 'delivered', 2, 204],
      ['conversation.resolved', 'delivered', 2, 204],
    ]);
    // Running again creates nothing new (one delivery per event and subscription).
    expect(await worker.runOnce(t0 + 40_000)).toBe(0);

    const replay = await desk.app.inject({ method: 'POST', url: `/api/webhooks/${sub.id}/deliveries/${deliveries[0]!.id}/replay`, headers: admin });
    expect(replay.json()).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await worker.runOnce(t0 + 50_000)).toBe(1);
    expect(received).toHaveLength(5);
    expect(received[4]!.headers['x-earshot-delivery']).toBe(deliveries[0]!.id);

    expect((await desk.app.inject({ method: 'DELETE', url: `/api/webhooks/${sub.id}`, headers: admin })).json()).toMatchObject({ disabledAt: expect.any(String) });
    await raiseAlerts(desk.database.db, desk.organisation.id, [
      { kind: 'volume', subjectKind: 'intent', subject: 'outage', startedAt: t0, dedupeKey: 'volume:intent:outage:t2', observed: 50, expected: 3, reason: 'again', examples: [], inboxPath: '/inbox/open?q=outage' },
    ]);
    await worker.runOnce(t0 + 60_000);
    expect(received).toHaveLength(5);
    expect(smtp.messages).toHaveLength(2); // the mail subscription is still live
  });

  it('carries a CSAT answer with its rating', async () => {
    const admin = withToken(await bearer(desk, desk.agents.admin));
    await desk.app.inject({ method: 'POST', url: '/api/webhooks', headers: admin, payload: { url, events: ['csat.received'] } });
    await ingest(desk, [inbound('wh-csat')]);
    const conversation = await conversationOf(desk, 'wh-csat');
    await sql`insert into event (organisation_id, type, conversation_id, payload)
      values (${desk.organisation.id}, 'csat.received', ${conversation}, ${JSON.stringify({ conversationId: conversation, rating: 4, comment: 'quick' })}::jsonb)`.execute(desk.database.db);
    const before = received.length;
    await worker.runOnce(t0 + 70_000);
    const bodies = received.slice(before).map((r) => JSON.parse(r.body.toString()) as { type: string; data: unknown });
    expect(bodies).toEqual([expect.objectContaining({ type: 'csat.received', data: { conversationId: conversation, rating: 4, comment: 'quick' } })]);
  });

  it('gives up after the last attempt and records why', async () => {
    const admin = withToken(await bearer(desk, desk.agents.admin));
    const dead = await desk.app.inject({ method: 'POST', url: '/api/webhooks', headers: admin, payload: { url: 'http://127.0.0.1:1/nothing-listens', events: ['alert.raised'] } });
    const sub = dead.json() as { id: string };
    await raiseAlerts(desk.database.db, desk.organisation.id, [
      { kind: 'volume', subjectKind: 'tag', subject: 'recall', startedAt: t0, dedupeKey: 'volume:tag:recall:t', observed: 20, expected: 1, reason: 'recall', examples: [], inboxPath: '/inbox/open?q=recall' },
    ]);
    let now = t0 + 100_000;
    for (let attempt = 1; attempt <= 8; attempt++) {
      await worker.runOnce(now);
      now += 3_600_000;
    }
    const log = await desk.app.inject({ method: 'GET', url: `/api/webhooks/${sub.id}/deliveries`, headers: admin });
    expect((log.json() as { items: unknown[] }).items).toEqual([
      expect.objectContaining({ eventType: 'alert.raised', status: 'failed', attempts: 8, lastStatus: null, lastError: expect.stringMatching(/^request failed: .*\(gave up after 8 attempts\)$/) }),
    ]);
  });
});
