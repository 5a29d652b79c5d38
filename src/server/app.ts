// Builds the Fastify app: zod type provider and OpenAPI once, error handling once, then one plugin per resource.
// The /api scope adds the JSON body parser and authentication; every /api route carries an access rule.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { EarshotError } from '../domain/errors.js';
import { DEFAULT_SESSION_POLICY, ensureOrganisation, isSetupNeeded, issueSetupToken, type Database } from '../store/index.js';
import { PUBLIC, type RouteAccess } from './access-rule.js';
import type { ApiContext, ApiOptions } from './api-context.js';
import { registerErrorHandler } from './error-handler.js';
import { EventHub } from './live/event-hub.js';
import { createLoginLimiter } from './login-limiter.js';
import { registerAuthentication } from './plugins/authenticate.js';
import { registerJsonBody } from './plugins/json-body.js';
import { registerOpenApi } from './plugins/openapi.js';
import { agentRoutes } from './routes/agents.js';
import { authRoutes } from './routes/auth.js';
import { channelAccountRoutes } from './routes/channel-accounts.js';
import { commandHandoverRoutes, type CommandRunner } from './routes/command-handover.js';
import { contactRoutes } from './routes/contacts.js';
import { conversationActionRoutes } from './routes/conversation-actions.js';
import { conversationRoutes } from './routes/conversations.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { presenceRoutes } from './routes/presence.js';
import { queueRoutes } from './routes/queues.js';
import { reportRoutes } from './routes/reports.js';
import { settingsRoutes } from './routes/settings.js';
import { staffingRoutes } from './routes/staffing.js';
import { insightReportRoutes } from './routes/insight-reports.js';
import { alertRoutes } from './routes/alerts.js';
import { outboundWebhookRoutes } from './routes/outbound-webhooks.js';
import { exportRoutes } from './routes/exports.js';
import { metricsRoutes } from './routes/metrics.js';
import { setupRoutes } from './routes/setup.js';
import { teamRoutes } from './routes/teams.js';
import { tokenRoutes } from './routes/tokens.js';
import { webAppRoutes } from './routes/web-app.js';
import { webchatRoutes, type WebchatRouteDeps } from './routes/webchat.js';
import { createConnectorSource } from '../pipeline/index.js';
import { workflowSettingsRoutes } from './routes/workflow-settings.js';
import { replyRoutes } from './routes/replies.js';
import { handoffRoutes } from './routes/handoff.js';
import { triageRoutes } from './routes/triage.js';
import { loadTriager } from '../triage/index.js';
import { customerPageRoutes } from './routes/customer-pages.js';
import { webhookRoutes, type WebhookRouteDeps } from './routes/webhooks.js';

export interface AppDeps {
  readonly database: Database;
  readonly log: Logger;
  /** Present on the embedded desk: lets a CLI started alongside run its command here. */
  readonly handover?: { readonly token: string; readonly run: CommandRunner };
  readonly bodyLimitBytes?: number;
  /** Channel webhooks at /hooks/<channel>/<channelAccountId>. */
  readonly webhooks?: WebhookRouteDeps;
  /** The web chat widget's endpoints and script. */
  readonly webchat?: WebchatRouteDeps;
  /** The HTTP API under /api (issue 4); defaults suit production, tests pass a fake clock. */
  readonly api?: ApiOptions;
  /** Bearer token for GET /metrics; absent: loopback connections only. */
  readonly metricsToken?: string | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every /api route with its access rule, as registered (the role-matrix test reads it). */
    readonly apiRoutes: readonly RouteAccess[];
    readonly eventHub: EventHub;
  }
}

/** A hop count as proxy-addr's hop function (Fastify's types take the function form only). */
function trustProxyOption(value: boolean | number | string): boolean | string | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address, hop) => hop < value : value;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const options = deps.api ?? {};
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: deps.bodyLimitBytes ?? 1_048_576,
    // One log line per request is volume for metrics, not logs (STYLE.md §6).
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: 'x-request-id',
    trustProxy: trustProxyOption(options.trustProxy ?? false),
    // Lets close() end keep-alive sockets instead of waiting for clients to hang up.
    forceCloseConnections: 'idle',
    // Requests arriving while closing get our own 503 body (below), not Fastify's.
    return503OnClosing: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  let closing = false;
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    throw new EarshotError('SERVER_SHUTTING_DOWN', 'the server is shutting down; retry on another instance or in a moment');
  });
  // The request id (given in X-Request-Id, else generated) is on every log line of the request and echoed back.
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  await registerOpenApi(app);

  const organisation = options.organisation ?? (await ensureOrganisation(deps.database.db));
  const hub = new EventHub(deps.database, deps.log.child({ module: 'server/live' }));
  const ctx: ApiContext = {
    database: deps.database,
    organisation,
    secretKey: options.secretKey,
    now: options.clock ?? Date.now,
    session: options.session ?? DEFAULT_SESSION_POLICY,
    presenceTtlMs: options.presenceTtlMs ?? 30_000,
    sseHeartbeatMs: options.sseHeartbeatMs ?? 15_000,
    secureCookies: options.publicUrl?.startsWith('https:') ?? false,
    publicHost: options.publicUrl === undefined ? undefined : new URL(options.publicUrl).host,
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    loginLimiter: createLoginLimiter(options.loginAttemptsPerMinute ?? 20),
    hub,
    streams: new Set(),
    triager: (() => {
      let loaded = options.triager;
      // Loading reads ~20 MB of weights: only when the route is first used, in desks that did not pass theirs.
      return () => (loaded ??= loadTriager());
    })(),
    connectors:
      options.connectors ??
      (options.secretKey === undefined
        ? undefined
        : createConnectorSource({ database: deps.database, secretKey: options.secretKey, publicUrl: options.publicUrl, timeoutMs: 10_000 })),
  };
  const apiRoutes: RouteAccess[] = [];
  app.decorate('apiRoutes', apiRoutes);
  app.decorate('eventHub', hub);

  await app.register(metricsRoutes({ database: deps.database, sseClients: () => ctx.streams.size, token: deps.metricsToken }));
  await app.register(healthRoutes(deps.database));
  if (deps.handover) await app.register(commandHandoverRoutes(deps.handover.token, deps.handover.run));
  if (deps.webhooks) await app.register(webhookRoutes(deps.webhooks));
  if (deps.webchat) await app.register(webchatRoutes(deps.webchat));
  await app.register(webAppRoutes());
  await app.register(customerPageRoutes(ctx));
  await app.register(async (api) => {
    registerJsonBody(api);
    registerAuthentication(api, ctx, apiRoutes);
    api.get('/api/openapi.json', { config: { access: PUBLIC }, schema: { hide: true } }, async () => app.swagger());
    for (const routes of [
      authRoutes,
      setupRoutes,
      tokenRoutes,
      conversationRoutes,
      conversationActionRoutes,
      contactRoutes,
      teamRoutes,
      queueRoutes,
      agentRoutes,
      channelAccountRoutes,
      settingsRoutes,
      reportRoutes,
      staffingRoutes,
      insightReportRoutes,
      alertRoutes,
      outboundWebhookRoutes,
      exportRoutes,
      eventRoutes,
      presenceRoutes,
      workflowSettingsRoutes,
      replyRoutes,
      handoffRoutes,
      triageRoutes,
    ]) {
      await api.register(routes(ctx));
    }
  });

  await hub.start();
  // Graceful shutdown: end live streams first (they never finish on their own), so close() can drain the rest.
  app.addHook('preClose', async () => {
    closing = true;
    for (const end of [...ctx.streams]) end();
    await hub.close();
  });
  if (options.announceSetupLink) {
    app.addHook('onListen', async () => {
      if (!(await isSetupNeeded(deps.database.db, organisation.id))) return;
      const token = await issueSetupToken(deps.database.db, organisation.id, ctx.now());
      if (!token) return;
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const host = typeof address === 'object' && address ? (address.family === 'IPv6' ? `[${address.address}]` : address.address) : 'localhost';
      const base = options.publicUrl ?? `http://${host}:${port}`;
      // warn: nobody can sign in until a human acts. The link is meant to be printed (like a first-run URL): it
      // works once and expires in 24 h, and a restart prints a new one.
      app.log.warn({ setupUrl: `${base}/setup?token=${token}` }, 'fresh install: open the setup link to create the first admin');
    });
  }
  return app;
}
