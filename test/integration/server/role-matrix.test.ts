// Calls every /api route as each role, anonymously, with a revoked token and with a read-only token, and checks
// allow/deny against the table below. A route registered without a row here fails the first test.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../support/databases.js';
import { bearer, conversationOf, inbound, ingest, moveToQueue, openDesk, PASSWORD, withToken, type Desk } from './harness.js';
import { openStream } from './sse-client.js';

type Role = 'admin' | 'lead' | 'agent' | 'viewer';
const ALL: Role[] = ['admin', 'lead', 'agent', 'viewer'];
const WORKERS: Role[] = ['admin', 'lead', 'agent'];

/** 'public', or the roles allowed. */
const MATRIX: Record<string, 'public' | Role[]> = {
  'GET /api/openapi.json': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': ALL,
  'GET /api/me': ALL,
  'PUT /api/me/password': ALL,
  'GET /api/setup': 'public',
  'POST /api/setup': 'public',
  'GET /api/tokens': ALL,
  'POST /api/tokens': ALL,
  'DELETE /api/tokens/:id': ALL,
  'GET /api/conversations': WORKERS,
  'GET /api/conversations/counts': WORKERS,
  'GET /api/conversations/:id': WORKERS,
  'POST /api/conversations/:id/assign': WORKERS,
  'POST /api/conversations/:id/status': WORKERS,
  'POST /api/conversations/:id/tags': WORKERS,
  'POST /api/conversations/:id/notes': WORKERS,
  'POST /api/conversations/:id/replies': WORKERS,
  'POST /api/conversations/:id/claim': WORKERS,
  'POST /api/triage': WORKERS,
  'POST /api/conversations/:id/snooze': WORKERS,
  'POST /api/conversations/:id/handoff': WORKERS,
  'GET /api/approvals': WORKERS,
  'POST /api/approvals/:id/approve': ['admin', 'lead'],
  'POST /api/approvals/:id/reject': ['admin', 'lead'],
  'GET /api/templates': WORKERS,
  'POST /api/templates': ['admin', 'lead'],
  'PUT /api/templates/:id': ['admin', 'lead'],
  'DELETE /api/templates/:id': ['admin', 'lead'],
  'POST /api/conversations/:id/path': WORKERS,
  'GET /api/routing-rules': ['admin', 'lead'],
  'PUT /api/routing-rules': ['admin'],
  'GET /api/sla-policies': ['admin', 'lead'],
  'PUT /api/sla-policies': ['admin'],
  'GET /api/teams/:id/business-hours': ['admin', 'lead'],
  'PUT /api/teams/:id/business-hours': ['admin', 'lead'],
  'PUT /api/me/availability': WORKERS,
  'GET /api/agents/:id/work': ['admin'],
  'PATCH /api/agents/:id/work': ['admin'],
  'PATCH /api/contacts/:id/attributes': ['admin', 'lead'],
  'GET /api/contacts/:id': WORKERS,
  'POST /api/contacts/merge': ['admin', 'lead'],
  'POST /api/contacts/:id/split': ['admin', 'lead'],
  'GET /api/teams': ALL,
  'POST /api/teams': ['admin'],
  'PATCH /api/teams/:id': ['admin', 'lead'],
  'DELETE /api/teams/:id': ['admin'],
  'PUT /api/teams/:id/members/:agentId': ['admin', 'lead'],
  'DELETE /api/teams/:id/members/:agentId': ['admin', 'lead'],
  'GET /api/queues': ALL,
  'POST /api/queues': ['admin', 'lead'],
  'PATCH /api/queues/:id': ['admin', 'lead'],
  'DELETE /api/queues/:id': ['admin', 'lead'],
  'GET /api/agents': ALL,
  'POST /api/agents': ['admin'],
  'PATCH /api/agents/:id': ['admin'],
  'GET /api/channel-accounts': ['admin', 'lead'],
  'POST /api/channel-accounts': ['admin'],
  'DELETE /api/channel-accounts/:id': ['admin'],
  'GET /api/settings': ['admin', 'lead'],
  'PATCH /api/settings': ['admin'],
  'GET /api/reports': ['admin', 'lead', 'viewer'],
  'GET /api/reports/staffing': ['admin', 'lead', 'viewer'],
  'GET /api/reports/outcomes': ['admin', 'lead', 'viewer'],
  'GET /api/reports/line-jumping': ['admin', 'lead', 'viewer'],
  'GET /api/reports/churn-risk': WORKERS,
  'GET /api/alerts': ['admin', 'lead', 'viewer'],
  'POST /api/alerts/:id/ack': ['admin', 'lead'],
  'GET /api/webhooks': ['admin'],
  'POST /api/webhooks': ['admin'],
  'DELETE /api/webhooks/:id': ['admin'],
  'GET /api/webhooks/:id/deliveries': ['admin'],
  'POST /api/webhooks/:id/deliveries/:deliveryId/replay': ['admin'],
  'GET /api/exports/conversations.csv': WORKERS,
  'GET /api/exports/messages.csv': WORKERS,
  'GET /api/events': WORKERS,
  'GET /api/conversations/:id/presence': WORKERS,
  'PUT /api/conversations/:id/presence': WORKERS,
  'DELETE /api/conversations/:id/presence': WORKERS,
};

const DENIED = ['AUTH_REQUIRED', 'AUTH_FORBIDDEN', 'AUTH_TOKEN_REVOKED', 'AUTH_TOKEN_SCOPE', 'AUTH_CSRF_FAILED', 'AUTH_SESSION_EXPIRED'];
let n = 0;
const unique = () => `m${++n}-${randomUUID().slice(0, 6)}`;

describe.each(ENGINES)('role matrix on %s', (engine) => {
  let desk: Desk;
  let base = '';
  let conversation: string;
  let contact: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    desk = await openDesk(engine, { loginAttemptsPerMinute: 10_000 });
    await desk.app.listen({ port: 0, host: '127.0.0.1' });
    const address = desk.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    await ingest(desk, [inbound('rm-1')]);
    conversation = await conversationOf(desk, 'rm-1');
    await moveToQueue(desk, [conversation], desk.queues.a.id);
    const detail = await desk.app.inject({ method: 'GET', url: `/api/conversations/${conversation}`, headers: withToken(await bearer(desk, desk.agents.admin)) });
    contact = (detail.json() as { conversation: { contactId: string } }).conversation.contactId;
    const as: Record<Role, keyof Desk['agents']> = { admin: 'admin', lead: 'lead', agent: 'agentA', viewer: 'viewer' };
    for (const role of ALL) {
      tokens[role] = await bearer(desk, desk.agents[as[role]]);
      tokens[`${role}:read`] = await bearer(desk, desk.agents[as[role]], 'read');
    }
    tokens['revoked'] = await bearer(desk, desk.agents.admin);
    const list = await desk.app.inject({ method: 'GET', url: '/api/tokens', headers: withToken(tokens['admin']!) });
    const revokedId = (list.json() as { items: { id: string; prefix: string }[] }).items.find((t) => tokens['revoked']!.startsWith(t.prefix))!.id;
    await desk.app.inject({ method: 'DELETE', url: `/api/tokens/${revokedId}`, headers: withToken(tokens['admin']!) });
  });
  afterAll(async () => {
    await desk.close();
  });

  function request(route: string): { method: string; url: string; payload?: unknown } {
    const [method, path] = route.split(' ') as [string, string];
    const url = path
      .replace(/^\/api\/conversations\/:id/, `/api/conversations/${conversation}`)
      .replace(/^\/api\/contacts\/:id/, `/api/contacts/${contact}`)
      .replace(/^\/api\/teams\/:id/, `/api/teams/${desk.teams.a.id}`)
      .replace(':agentId', desk.agents.agentA.id)
      .replace(':deliveryId', '1')
      .replace(':id', randomUUID());
    const bodies: Record<string, unknown> = {
      'POST /api/auth/login': { email: 'admin@desk.test', password: PASSWORD },
      'POST /api/setup': { token: 'x'.repeat(20), email: `${unique()}@desk.test`, name: 'N', password: 'long enough password' },
      'POST /api/tokens': { name: unique(), scope: 'read' },
      'POST /api/conversations/:id/assign': { assigneeId: null },
      'POST /api/conversations/:id/status': { status: 'open' },
      'POST /api/conversations/:id/tags': { add: ['matrix'] },
      'POST /api/conversations/:id/notes': { text: 'matrix note' },
      'POST /api/conversations/:id/replies': { text: 'matrix reply' },
      'POST /api/conversations/:id/path': { path: null },
      'POST /api/triage': { text: 'hello there, where is my parcel?' },
      'POST /api/conversations/:id/snooze': { until: '2030-01-01T00:00:00Z' },
      'POST /api/approvals/:id/reject': { reason: 'matrix' },
      'POST /api/templates': { name: unique(), language: 'en', body: 'Hello {{contact.firstName}}' },
      'PUT /api/templates/:id': { name: unique(), language: 'en', body: 'Hello' },
      'PUT /api/routing-rules': { rules: [] },
      'PUT /api/sla-policies': { policies: [] },
      'PUT /api/teams/:id/business-hours': { hours: null },
      'PUT /api/me/availability': { availability: 'online' },
      'PATCH /api/agents/:id/work': { capacity: 5 },
      'PATCH /api/contacts/:id/attributes': { attributes: { plan: 'gold' } },
      'PATCH /api/teams/:id': { name: unique() },
      'PATCH /api/queues/:id': { name: unique() },
      'POST /api/contacts/merge': { fromId: randomUUID(), intoId: randomUUID() },
      'POST /api/contacts/:id/split': { identityId: randomUUID() },
      'POST /api/teams': { name: unique() },
      'POST /api/queues': { name: unique(), teamId: desk.teams.a.id },
      'POST /api/agents': { email: `${unique()}@desk.test`, name: 'New', role: 'agent' },
      'POST /api/channel-accounts': { kind: 'webchat', name: unique(), config: { allowedOrigins: 'https://shop.example' } },
      'PATCH /api/settings': { timezone: 'Europe/Amsterdam' },
      'POST /api/webhooks': { url: 'https://hooks.example.com/earshot', events: ['alert.raised'] },
      // Wrong current password: allowed callers get 401 AUTH_BAD_CREDENTIALS (not a denial), nobody's password changes.
      'PUT /api/me/password': { currentPassword: 'not the password', newPassword: 'another long password' },
      'PATCH /api/agents/:id': { name: 'Renamed' },
      'PUT /api/conversations/:id/presence': { state: 'viewing' },
    };
    const query = route.startsWith('GET /api/reports') || route.startsWith('GET /api/exports') ? '?since=2026-01-01T00:00:00Z&until=2026-02-01T00:00:00Z' : '';
    return { method, url: url + query, ...(route in bodies ? { payload: bodies[route] } : {}) };
  }

  /** The error code of the answer, or 'ok' for a non-error answer. */
  async function call(route: string, headers: Record<string, string>): Promise<string> {
    const r = request(route);
    if (route === 'GET /api/events') {
      const s = await openStream(`${base}${r.url}`, headers);
      s.close();
      if (s.status === 200) return 'ok';
      return s.status === 401 ? 'AUTH_REQUIRED' : 'AUTH_FORBIDDEN';
    }
    const res = await desk.app.inject({ method: r.method as 'GET', url: r.url, headers, ...(r.payload === undefined ? {} : { payload: r.payload as object }) });
    if (res.statusCode < 400) return 'ok';
    return (res.json() as { error: { code: string } }).error.code;
  }

  it('has a row for every registered /api route and no row for a route that does not exist', () => {
    const registered = desk.app.apiRoutes.map((r) => `${r.method} ${r.url}`).sort();
    expect(registered).toEqual(Object.keys(MATRIX).sort());
    for (const r of desk.app.apiRoutes) expect(r.access.kind === 'public').toBe(MATRIX[`${r.method} ${r.url}`] === 'public');
  });

  for (const route of Object.keys(MATRIX)) {
    it(`${route}: allows and denies as the matrix says`, async () => {
      const rule = MATRIX[route]!;
      const unsafe = !route.startsWith('GET ');
      for (const role of ALL) {
        const code = await call(route, withToken(tokens[role]!));
        const allowed = rule === 'public' || rule.includes(role);
        expect({ role, denied: DENIED.includes(code), code }).toMatchObject({ role, denied: !allowed });
        const readCode = await call(route, withToken(tokens[`${role}:read`]!));
        expect({ role, scope: 'read', denied: DENIED.includes(readCode), readCode }).toMatchObject({ denied: !allowed || (unsafe && rule !== 'public') });
      }
      const anonymous = await call(route, {});
      expect({ anonymous, denied: DENIED.includes(anonymous) }).toMatchObject({ denied: rule !== 'public' });
      const revoked = await call(route, withToken(tokens['revoked']!));
      expect({ revoked, denied: DENIED.includes(revoked) }).toMatchObject({ denied: rule !== 'public' });
      if (rule !== 'public' && route !== 'GET /api/events') expect(revoked).toBe('AUTH_TOKEN_REVOKED');
    });
  }
});
