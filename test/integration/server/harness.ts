// A desk for API tests: a real store (PGlite or PostgreSQL), the app from buildApp with a fake clock, two teams
// with a queue each, the default unteamed Triage queue, and one agent per role (plus an agent of no team).
import { sql } from 'kysely';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import type { AgentRole } from '../../../src/domain/access.js';
import type { ChannelAccountId, TeamId } from '../../../src/domain/ids.js';
import { drainIngest } from '../../../src/pipeline/index.js';
import { buildApp } from '../../../src/server/index.js';
import type { ApiOptions } from '../../../src/server/api-context.js';
import {
  createAgent,
  createApiToken,
  createQueue,
  createTeam,
  ensureChannelAccount,
  ensureOrganisation,
  storeRawInbound,
  type Agent,
  type ChannelAccountRef,
  type OrganisationRef,
  type Queue,
  type Team,
} from '../../../src/store/index.js';
import type { Engine } from '../../../src/store/index.js';
import { openTestDatabase, type TestDatabase } from '../../support/databases.js';
import { fixedTriager } from '../../support/fixed-triager.js';

export const PASSWORD = 'correct horse battery';
export const START = Date.parse('2026-01-05T09:00:00Z');
/** The data-dir key of every test desk: channel secrets stored with it can be read by the app's connectors. */
export const SECRET_KEY = Buffer.alloc(32, 7);

export interface Clock {
  now: number;
}

export interface Desk {
  readonly database: TestDatabase;
  readonly app: FastifyInstance;
  readonly clock: Clock;
  readonly organisation: OrganisationRef;
  readonly account: ChannelAccountRef;
  readonly teams: { readonly a: Team; readonly b: Team };
  readonly queues: { readonly a: Queue; readonly b: Queue; readonly triage: string };
  readonly agents: Readonly<Record<'admin' | 'lead' | 'agentA' | 'agentB' | 'viewer' | 'loner', Agent>>;
  close(): Promise<void>;
}

const log = pino({ level: 'silent' });

export async function openDesk(engine: Engine, options: Omit<ApiOptions, 'clock' | 'organisation'> = {}): Promise<Desk> {
  const database = await openTestDatabase(engine);
  const organisation = await ensureOrganisation(database.db);
  const account = await ensureChannelAccount(database.db, { organisationId: organisation.id, kind: 'x', name: 'brand-x' });
  const a = await createTeam(database.db, organisation.id, 'Team A');
  const b = await createTeam(database.db, organisation.id, 'Team B');
  const qa = await createQueue(database.db, organisation.id, { name: 'Queue A', teamId: a.id });
  const qb = await createQueue(database.db, organisation.id, { name: 'Queue B', teamId: b.id });
  const make = (email: string, role: AgentRole, teamIds: TeamId[]) =>
    createAgent(database.db, { organisationId: organisation.id, email, name: email.split('@')[0]!, role, password: PASSWORD, teamIds });
  const agents = {
    admin: await make('admin@desk.test', 'admin', []),
    lead: await make('lead@desk.test', 'lead', [a.id]),
    agentA: await make('anna@desk.test', 'agent', [a.id]),
    agentB: await make('bob@desk.test', 'agent', [b.id]),
    viewer: await make('vera@desk.test', 'viewer', []),
    loner: await make('lone@desk.test', 'agent', []),
  };
  const clock: Clock = { now: START };
  const app = await buildApp({ database, log, api: { ...options, organisation, clock: () => clock.now, secretKey: SECRET_KEY } });
  await app.ready();
  return {
    database,
    app,
    clock,
    organisation,
    account,
    teams: { a, b },
    queues: { a: qa, b: qb, triage: organisation.defaultQueueId },
    agents,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export function inbound(id: string, over: Partial<InboundMessage> = {}): InboundMessage {
  return { externalId: id, direction: 'inbound', author: { handle: `cust-${id}` }, text: `hello ${id}`, sentAt: START - 3_600_000, isPublic: true, threadKey: `t-${id}`, ...over };
}

/** Stores and ingests messages through the real pipeline; returns nothing, query conversations by thread key. */
export async function ingest(desk: Desk, items: readonly InboundMessage[], channelAccountId: string = desk.account.id): Promise<void> {
  await storeRawInbound(
    desk.database.db,
    items.map((m) => ({ organisationId: desk.organisation.id, channelAccountId: channelAccountId as ChannelAccountId, source: 'normalised', dedupeKey: m.externalId, payload: m })),
  );
  await drainIngest({ database: desk.database, triager: fixedTriager, log, reopenWindowMs: 7 * 86_400_000, batchSize: 500, workerId: 'test', concurrency: 1 });
}

export async function conversationOf(desk: Desk, externalId: string): Promise<string> {
  const r = await sql<{ id: string }>`select conversation_id as id from message where external_id = ${externalId}`.execute(desk.database.db);
  return r.rows[0]!.id;
}

/** Routing is another issue's work: tests put conversations in queues directly. */
export async function moveToQueue(desk: Desk, conversationIds: readonly string[], queueId: string): Promise<void> {
  await sql`update conversation set queue_id = ${queueId}::uuid where id = any(${sql.val([...conversationIds])}::uuid[])`.execute(desk.database.db);
}

export interface Session {
  readonly cookie: string;
  readonly csrf: string;
}

export async function login(desk: Desk, email: string, password = PASSWORD): Promise<Session> {
  const res = await desk.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`);
  const setCookie = String(res.headers['set-cookie']);
  return { cookie: setCookie.split(';')[0]!, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

export async function bearer(desk: Desk, agent: Agent, scope: 'read' | 'write' = 'write'): Promise<string> {
  const { token } = await createApiToken(desk.database.db, { agentId: agent.id, name: 'test', scope, now: desk.clock.now });
  return token;
}

export const withSession = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });
export const withToken = (t: string) => ({ authorization: `Bearer ${t}` });
