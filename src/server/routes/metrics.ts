// GET /metrics in the Prometheus text format (prom-client): HTTP latency per route, ingest received (its rate is
// the ingest rate) and queue depth, outbox backlog, webhook deliveries pending and retrying, live-event clients,
// and Node's process metrics. Access: with EARSHOT_METRICS_TOKEN set, only `Authorization: Bearer <token>`;
// without it, only direct loopback connections (the socket's address, never X-Forwarded-For, and a request that
// came through a proxy is refused, since a proxy on the same host would otherwise make everyone local).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { EarshotError } from '../../domain/errors.js';
import { readOperationalGauges, type Database } from '../../store/index.js';

export interface MetricsDeps {
  readonly database: Database;
  /** Live-event streams open now. */
  readonly sseClients: () => number;
  readonly token: string | undefined;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function isAllowed(deps: MetricsDeps, headers: Record<string, string | string[] | undefined>, remoteAddress: string | undefined): boolean {
  if (deps.token !== undefined) {
    const given = Buffer.from(String(headers['authorization'] ?? ''));
    const expected = Buffer.from(`Bearer ${deps.token}`);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  return remoteAddress !== undefined && LOOPBACK.has(remoteAddress) && headers['x-forwarded-for'] === undefined && headers['forwarded'] === undefined;
}

export function metricsRoutes(deps: MetricsDeps): FastifyPluginAsync {
  const registry = new Registry();
  // Process metrics start on the first scrape: they install observers, which every app built in tests would pay for.
  let processMetrics = false;
  const latency = new Histogram({
    name: 'earshot_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  let lastReceived: number | undefined;
  const received = new Counter({ name: 'earshot_inbound_received_total', help: 'Raw inbound items stored (webhooks, polls, imports); rate() is the ingest rate', registers: [registry] });
  const depth = new Gauge({ name: 'earshot_ingest_queue_depth', help: 'Raw inbound items waiting for the pipeline', registers: [registry] });
  const outbox = new Gauge({ name: 'earshot_outbox_backlog', help: 'Replies queued or being sent to channels', registers: [registry] });
  const webhooks = new Gauge({ name: 'earshot_webhook_deliveries', help: 'Outbound webhook deliveries not yet delivered, by state', labelNames: ['state'] as const, registers: [registry] });
  new Gauge({ name: 'earshot_sse_clients', help: 'Open live-event streams', registers: [registry], collect() { this.set(deps.sseClients()); } });

  const plugin: FastifyPluginAsync = async (app: FastifyInstance) => {
    app.addHook('onResponse', async (request, reply) => {
      latency.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      if (!isAllowed(deps, request.headers, request.socket.remoteAddress)) {
        throw new EarshotError('AUTH_FORBIDDEN', deps.token === undefined ? '/metrics answers loopback connections only; set EARSHOT_METRICS_TOKEN to scrape it from elsewhere' : '/metrics needs Authorization: Bearer <EARSHOT_METRICS_TOKEN>');
      }
      if (!processMetrics) {
        collectDefaultMetrics({ register: registry, prefix: 'earshot_' });
        processMetrics = true;
      }
      const g = await readOperationalGauges(deps.database.db);
      // The counter follows the store's total; it only ever moves up, as a Prometheus counter must.
      if (lastReceived === undefined || g.inboundReceived > lastReceived) received.inc(g.inboundReceived - (lastReceived ?? 0));
      lastReceived = Math.max(lastReceived ?? 0, g.inboundReceived);
      depth.set(g.ingestQueueDepth);
      outbox.set(g.outboxBacklog);
      webhooks.set({ state: 'pending' }, g.webhookDeliveriesPending);
      webhooks.set({ state: 'retrying' }, g.webhookDeliveriesRetrying);
      return reply.header('content-type', registry.contentType).send(await registry.metrics());
    });
  };
  // Not encapsulated (what fastify-plugin does): the latency hook must see every route of the app.
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
  return plugin;
}
