// Builds the Fastify app: error handling once, then one plugin per resource.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Database } from '../store/index.js';
import { registerErrorHandler } from './error-handler.js';
import { commandHandoverRoutes, type CommandRunner } from './routes/command-handover.js';
import { healthRoutes } from './routes/health.js';

export interface AppDeps {
  readonly database: Database;
  readonly log: Logger;
  /** Present on the embedded desk: lets a CLI started alongside run its command here. */
  readonly handover?: { readonly token: string; readonly run: CommandRunner };
  readonly bodyLimitBytes?: number;
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
  return app;
}
