// GET /metrics through a real listener on both engines: Prometheus text with the operational figures, loopback
// only without a token (and never through a proxy), bearer token only when one is configured.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/server/index.js';
import { ensureOrganisation, storeRawInbound, ensureChannelAccount } from '../../../src/store/index.js';
import { ENGINES, openTestDatabase, type TestDatabase } from '../../support/databases.js';

const TOKEN = 'metrics-token-0123456789';

describe.each(ENGINES)('/metrics on %s', (engine) => {
  let database: TestDatabase;
  const apps: Awaited<ReturnType<typeof buildApp>>[] = [];
  const urls: string[] = [];
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const org = await ensureOrganisation(database.db);
    const account = await ensureChannelAccount(database.db, { organisationId: org.id, kind: 'x', name: 'X' });
    await storeRawInbound(database.db, [1, 2, 3].map((i) => ({ organisationId: org.id, channelAccountId: account.id, source: 'normalised', dedupeKey: `m-${i}`, payload: { i } })));
    for (const metricsToken of [undefined, TOKEN]) {
      const app = await buildApp({ database, log: pino({ level: 'silent' }), metricsToken });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      urls.push(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
      apps.push(app);
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database.close();
  });

  it('reports the ingest queue, the received total and request latency to a loopback scraper', async () => {
    await fetch(`${urls[0]}/healthz`);
    const res = await fetch(`${urls[0]}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^earshot_ingest_queue_depth 3$/m);
    expect(text).toMatch(/^earshot_inbound_received_total 3$/m);
    expect(text).toMatch(/^earshot_outbox_backlog 0$/m);
    expect(text).toMatch(/^earshot_webhook_deliveries\{state="pending"\} 0$/m);
    expect(text).toMatch(/^earshot_sse_clients 0$/m);
    expect(text).toMatch(/^earshot_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} 1$/m);
    expect(text).toMatch(/^earshot_process_cpu_user_seconds_total /m);
  });

  it('refuses a request that came through a proxy, and without the token when one is set', async () => {
    expect((await fetch(`${urls[0]}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(403);
    expect((await fetch(`${urls[1]}/metrics`)).status).toBe(403);
    expect((await fetch(`${urls[1]}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(403);
    const ok = await fetch(`${urls[1]}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/^earshot_ingest_queue_depth 3$/m);
  });
});
