// A desk for channel tests: a real store (PGlite or PostgreSQL), the webhook routes on a real loopback listener,
// connectors built from stored (encrypted) accounts, and the ingest and outbox workers drained on demand.
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pino from 'pino';
import { validateChannelConfig } from '../../../src/channels/index.js';
import type { Engine } from '../../../src/store/index.js';
import type { ConversationId } from '../../../src/domain/ids.js';
import { createConnectorSource, drainIngest, drainOutbox, receiveWebhook, type ConnectorSource, type IngestTotals, type OutboxTotals } from '../../../src/pipeline/index.js';
import { registerErrorHandler } from '../../../src/server/error-handler.js';
import { webhookRoutes } from '../../../src/server/routes/webhooks.js';
import { createChannelAccount, ensureOrganisation, queueReply, type ChannelAccountSummary, type OrganisationRef } from '../../../src/store/index.js';
import { openTestDatabase, type TestDatabase } from '../../support/databases.js';
import { fixedTriager } from '../../support/fixed-triager.js';

export const silent = pino({ level: 'silent' });

export interface ChannelDesk {
  readonly database: TestDatabase;
  readonly organisation: OrganisationRef;
  readonly secretKey: Buffer;
  /** Loopback base URL of the desk; also its public URL. */
  readonly url: string;
  readonly app: FastifyInstance;
  readonly connectors: ConnectorSource;
  addAccount(kind: string, name: string, config: Record<string, unknown>): Promise<ChannelAccountSummary>;
  ingest(): Promise<IngestTotals>;
  outbox(options?: { random?: () => number }): Promise<OutboxTotals>;
  reply(conversationId: ConversationId, text: string): Promise<void>;
  conversationsOf(accountId: string): Promise<{ id: ConversationId; status: string; messages: { externalId: string; direction: string; text: string; inReplyTo: string | null }[] }[]>;
  count(query: string, accountId: string): Promise<number>;
  close(): Promise<void>;
}

export interface ChannelDeskOptions {
  readonly bodyLimitBytes?: number;
  readonly timeoutMs?: number;
  /** More plugins on the same app (web chat routes), given the desk's parts. */
  readonly plugins?: (parts: { database: TestDatabase; connectors: () => ConnectorSource; secretKey: Buffer; publicUrl: () => string }) => ((app: FastifyInstance) => Promise<void>)[];
}

export async function startChannelDesk(engine: Engine, options: ChannelDeskOptions = {}): Promise<ChannelDesk> {
  const database = await openTestDatabase(engine);
  const organisation = await ensureOrganisation(database.db);
  const secretKey = randomBytes(32);
  // Built once the listener's port is known; the routes reach it through this holder.
  const late: { connectors?: ConnectorSource } = {};
  let url = '';
  const app = Fastify({ logger: false });
  registerErrorHandler(app);
  await app.register(
    webhookRoutes({
      receive: (w) => receiveWebhook({ database, connectors: late.connectors! }, w),
      publicUrl: undefined,
      ...(options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes }),
    }),
  );
  for (const plugin of options.plugins?.({ database, connectors: () => late.connectors!, secretKey, publicUrl: () => url }) ?? []) await app.register(plugin);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const source = createConnectorSource({ database, secretKey, publicUrl: url, timeoutMs: options.timeoutMs ?? 2000, cacheMs: 0 });
  late.connectors = source;

  return {
    database,
    organisation,
    secretKey,
    url,
    app,
    connectors: source,
    async addAccount(kind, name, config) {
      const { settings, secrets } = validateChannelConfig(kind, config);
      return createChannelAccount(database.db, secretKey, { organisationId: organisation.id, kind, name, settings, secrets });
    },
    ingest: () => drainIngest({ database, triager: fixedTriager, log: silent, reopenWindowMs: 7 * 86_400_000, batchSize: 100, workerId: 'test', concurrency: 1 }),
    outbox: (o = {}) =>
      drainOutbox({ database, connectors: source, log: silent, workerId: 'test', random: o.random ?? (() => 0.5), backoff: { baseMs: 60_000, maxMs: 600_000 }, receiptRetryMs: 0 }),
    async reply(conversationId, text) {
      await queueReply(database.db, { conversationId, authorAgentId: null, text });
    },
    async conversationsOf(accountId) {
      const convs = await sql<{ id: ConversationId; status: string }>`
        select id, status from conversation where channel_account_id = ${accountId} order by created_at, id`.execute(database.db);
      const out = [];
      for (const c of convs.rows) {
        const msgs = await sql<{ external_id: string; direction: string; text: string; in_reply_to_external_id: string | null }>`
          select external_id, direction, text, in_reply_to_external_id from message where conversation_id = ${c.id} order by sent_at, created_at`.execute(database.db);
        out.push({ ...c, messages: msgs.rows.map((m) => ({ externalId: m.external_id, direction: m.direction, text: m.text, inReplyTo: m.in_reply_to_external_id })) });
      }
      return out;
    },
    async count(query, accountId) {
      const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.raw(query)} and channel_account_id = ${accountId}`.execute(database.db);
      return r.rows[0]!.n;
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
