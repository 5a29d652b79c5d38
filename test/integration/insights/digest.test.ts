// The daily digest on both engines: yesterday's figures (hand-counted below) owed once to each digest subscriber,
// delivered by the delivery worker as a webhook and as an email.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueDailyDigest, startDeliveryWorker } from '../../../src/insights/index.js';
import { ENGINES } from '../../support/databases.js';
import { startFakeSmtp, type FakeSmtp } from '../../fakes/email/smtp-server.js';
import { bearer, inbound, ingest, openDesk, SECRET_KEY, withToken, type Desk } from '../server/harness.js';

const DAY = 86_400_000;

describe.each(ENGINES)('daily digest on %s', (engine) => {
  let desk: Desk;
  let smtp: FakeSmtp;
  let receiver: Server;
  const bodies: string[] = [];
  let now = 0;
  let yesterday = 0;

  beforeAll(async () => {
    desk = await openDesk(engine);
    smtp = await startFakeSmtp();
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    now = Date.now() + 60_000;
    yesterday = Math.floor(now / DAY) * DAY - DAY;
    // Yesterday: three conversations on x — two complaints ("broken"), one other; today: one more (not counted).
    await ingest(desk, [
      inbound('d-1', { text: 'my order is broken again', sentAt: yesterday + 10 * 3_600_000 }),
      inbound('d-2', { text: 'the app is broken today', sentAt: yesterday + 11 * 3_600_000 }),
      inbound('d-3', { text: 'hello there, a question', sentAt: yesterday + 12 * 3_600_000 }),
      inbound('d-4', { text: 'hello there, a question', sentAt: yesterday + DAY + 60_000 }),
    ]);
    await sql`insert into event (organisation_id, type, payload, created_at) values (${desk.organisation.id}, 'sla.breach', '{}', ${new Date(yesterday + 13 * 3_600_000)})`.execute(desk.database.db);
    await sql`insert into alert (organisation_id, kind, subject_kind, subject, started_at, dedupe_key, observed, expected, reason, inbox_path, created_at)
      values (${desk.organisation.id}, 'volume', 'intent', 'complaint', ${new Date(yesterday + 10 * 3_600_000)}, 'k', 30, 2, 'intent "complaint": 30 messages', '/inbox/open?q=complaint', ${new Date(yesterday + 14 * 3_600_000)})`.execute(desk.database.db);
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await smtp.close();
    await desk.close();
  });

  it("owes yesterday's digest once to each subscriber and delivers it by webhook and email", async () => {
    const admin = withToken(await bearer(desk, desk.agents.admin));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/digest`;
    expect(await enqueueDailyDigest(desk.database, { organisationId: desk.organisation.id, now })).toBe(0); // nobody subscribed yet
    for (const target of [url, 'mailto:lead@shop.example']) {
      expect((await desk.app.inject({ method: 'POST', url: '/api/webhooks', headers: admin, payload: { url: target, events: ['digest'] } })).statusCode).toBe(201);
    }
    expect(await enqueueDailyDigest(desk.database, { organisationId: desk.organisation.id, now })).toBe(2);
    expect(await enqueueDailyDigest(desk.database, { organisationId: desk.organisation.id, now: now + 3_600_000 })).toBe(0);

    const worker = startDeliveryWorker({
      database: desk.database,
      log: pino({ level: 'silent' }),
      secretKey: SECRET_KEY,
      email: { smtpUrl: `smtp://${smtp.user}:${smtp.password}@${smtp.host}:${smtp.port}`, from: 'desk@shop.example' },
      publicUrl: undefined,
      intervalMs: 0,
      timeoutMs: 5_000,
    });
    expect(await worker.runOnce(now)).toBe(2);
    await worker.stop();

    const day = new Date(yesterday).toISOString().slice(0, 10);
    const event = JSON.parse(bodies[0]!) as { id: string; type: string; data: Record<string, unknown> };
    expect(event).toMatchObject({
      id: `digest:${day}`,
      type: 'digest',
      data: {
        title: `${day}: 3 conversations, 1 SLA breach, 1 alert`,
        channels: [{ channel: 'x', conversations: 3, answered: 0, firstResponseP50Seconds: null }],
        topIntents: [
          { intent: 'complaint', messages: 2 },
          { intent: 'other', messages: 1 },
        ],
        slaBreaches: 1,
        alerts: ['intent "complaint": 30 messages'],
      },
    });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.subject).toBe(`[earshot] digest: ${day}: 3 conversations, 1 SLA breach, 1 alert`);
    expect(smtp.messages[0]!.text).toContain('x: 3 (0 answered, –)');
    expect(smtp.messages[0]!.text).toContain('Top topics: complaint 2, other 1');
  });
});
