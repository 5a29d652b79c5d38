// Composition root: configuration, logger, store, triage models, workers and server are built and wired here,
// and nowhere else. The CLI and the server both start things through these functions.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import type { Triager } from './domain/triage-result.js';
import {
  createConnectorSource,
  receiveWebhook,
  startIngestWorker,
  startOutboxWorker,
  startWorkflowWorker,
  startPollers,
  type IngestWorkerDeps,
  type RunningWorker,
} from './pipeline/index.js';
import { startAlertWorker, startDeliveryWorker } from './insights/index.js';
import { buildApp, type CommandRunner } from './server/index.js';
import {
  ensureOrganisation,
  loadOrCreateSecretKey,
  migrateToLatest,
  openDatabase,
  type Database,
  type OrganisationRef,
} from './store/index.js';
import { loadTriager } from './triage/index.js';

/** Secrets never reach a log line, whatever module logs the object. */
const REDACT = ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'req.headers.authorization', 'secretKey', '*.secrets'];

export function createLogger(level: Config['logLevel'], destination: NodeJS.WritableStream = process.stdout): Logger {
  return pino({ level, redact: REDACT, base: { pid: process.pid } }, destination as pino.DestinationStream);
}

export interface DeskContext {
  readonly config: Config;
  readonly log: Logger;
  readonly database: Database;
  readonly organisation: OrganisationRef;
  readonly triager: Triager;
  readonly secretKey: Buffer;
  ingestDeps(workerId: string): IngestWorkerDeps;
  close(): Promise<void>;
}

export interface OpenDeskOptions {
  readonly log: Logger;
  /** Apply pending migrations first (start does; `earshot migrate` does it explicitly). */
  readonly migrate: boolean;
  readonly poolSize?: number;
}

export async function openDesk(config: Config, options: OpenDeskOptions): Promise<DeskContext> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
  });
  try {
    if (options.migrate) {
      const report = await migrateToLatest(database.db);
      if (report.applied.length > 0) options.log.info({ applied: report.applied }, 'migrations applied');
    }
    const organisation = await ensureOrganisation(database.db);
    const secretKey = loadOrCreateSecretKey(config.dataDir, config.secretKey);
    const triager = loadTriager();
    return {
      config,
      log: options.log,
      database,
      organisation,
      triager,
      secretKey,
      ingestDeps: (workerId) => ({
        database,
        triager,
        log: options.log.child({ module: 'pipeline/ingest', workerId }),
        reopenWindowMs: config.reopenWindowMs,
        batchSize: config.ingestBatchSize,
        workerId,
        concurrency: config.workerConcurrency,
      }),
      close: () => database.close(),
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}

export const DESK_ROLES = ['all', 'api', 'worker'] as const;
export type DeskRole = (typeof DESK_ROLES)[number];

export interface RunningDesk {
  readonly context: DeskContext;
  /** Where the HTTP server listens; undefined for a worker-only process. */
  readonly url: string | undefined;
  readonly worker: RunningWorker | undefined;
  stop(): Promise<void>;
}

export interface StartDeskOptions {
  readonly role: DeskRole;
  readonly log: Logger;
  /** Runs CLI commands handed over by a CLI process while this embedded desk holds the data dir. */
  readonly runCommand: (context: DeskContext) => CommandRunner;
}

export async function startDesk(config: Config, options: StartDeskOptions): Promise<RunningDesk> {
  const context = await openDesk(config, { log: options.log, migrate: config.migrateOnStart });
  const workerId = `${hostname()}:${process.pid}`;
  const workflow = options.role === 'api' ? undefined : startWorkflowWorker({ database: context.database, log: options.log.child({ module: 'pipeline/workflow', workerId }) });
  const worker = options.role === 'api' ? undefined : startIngestWorker({ ...context.ingestDeps(workerId), onProcessed: () => workflow?.wake() });
  const alerts = options.role === 'api' ? undefined : startAlertWorker({ database: context.database, log: options.log.child({ module: 'insights/alerts', workerId }), organisationId: context.organisation.id, intervalMs: config.alertIntervalMs, minInfluence: config.alertMinInfluence });
  const deliveries = options.role === 'api' ? undefined : startDeliveryWorker({ database: context.database, log: options.log.child({ module: 'insights/webhooks', workerId }), secretKey: context.secretKey, email: { smtpUrl: config.smtpUrl, from: config.smtpFrom }, publicUrl: config.publicUrl, intervalMs: 5_000, timeoutMs: 10_000 });
  const connectors = createConnectorSource({
    database: context.database,
    secretKey: context.secretKey,
    publicUrl: config.publicUrl,
    timeoutMs: config.channelTimeoutMs,
  });
  const outbox =
    options.role === 'api'
      ? undefined
      : startOutboxWorker({ database: context.database, connectors, log: options.log.child({ module: 'pipeline/outbox', workerId }), workerId });
  let pollers: Awaited<ReturnType<typeof startPollers>> | undefined;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let url: string | undefined;
  try {
    pollers =
      options.role === 'api' ? undefined : await startPollers({ database: context.database, connectors, log: options.log, onInbound: () => worker?.wake() });
    if (options.role !== 'worker') {
      const token = randomBytes(24).toString('hex');
      app = await buildApp({
        database: context.database,
        log: options.log.child({ module: 'server' }),
        metricsToken: config.metricsToken,
        ...(context.database.lock ? { handover: { token, run: options.runCommand(context) } } : {}),
        webhooks: {
          receive: (w) => receiveWebhook({ database: context.database, connectors, onInbound: () => worker?.wake(), onReceipt: () => outbox?.wake() }, w),
          publicUrl: config.publicUrl,
        },
        webchat: { webchat: { database: context.database, connectors, secretKey: context.secretKey, onInbound: () => worker?.wake() } },
        api: {
          organisation: context.organisation,
          secretKey: context.secretKey,
          announceSetupLink: true,
          connectors,
          triager: context.triager,
          trustProxy: config.trustProxy,
          ...(config.publicUrl === undefined ? {} : { publicUrl: config.publicUrl }),
        },
      });
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
      context.database.lock?.publish({ url, token });
    }
  } catch (err) {
    await app?.close();
    await pollers?.stop();
    await outbox?.stop();
    await worker?.stop();
    await workflow?.stop();
    await alerts?.stop();
    await deliveries?.stop();
    await context.close();
    throw err;
  }
  let stopped = false;
  return {
    context,
    url,
    worker,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Drain: stop taking requests, finish in-flight ones and the current ingest batch, then close the store.
      await app?.close();
      await pollers?.stop();
      await outbox?.stop();
      await worker?.stop();
      await workflow?.stop();
      await alerts?.stop();
      await deliveries?.stop();
      await context.close();
    },
  };
}
