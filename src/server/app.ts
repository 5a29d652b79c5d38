// Builds the Fastify app: error handling once, then one plugin per resource.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Database } from '../store/index.js';
import { registerErrorHandler } from './error-handler.js';
import { commandHandoverRoutes, type CommandRunner } from './routes/command-handover.js';
import { healthRoutes } from './routes/health.js';
import { webchatRoutes, type WebchatRouteDeps } from './routes/webchat.js';
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
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: deps.bodyLimitBytes ?? 1_048_576,
    // One log line per request is volume for metrics, not logs (STYLE.md §6).
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: 'x-request-id',
  });
  registerErrorHandler(app);
  await app.register(healthRoutes(deps.database));
  if (deps.handover) await app.register(commandHandoverRoutes(deps.handover.token, deps.handover.run));
  if (deps.webhooks) await app.register(webhookRoutes(deps.webhooks));
  if (deps.webchat) await app.register(webchatRoutes(deps.webchat));
  return app;
}
