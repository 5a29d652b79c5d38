import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../support/databases.js';
import { bearer, login, openDesk, PASSWORD, withSession, withToken, type Desk } from './harness.js';

const HOUR = 3_600_000;

describe.each(ENGINES)('accounts on %s', (engine) => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await openDesk(engine, { session: { ttlMs: 8 * HOUR, idleMs: 2 * HOUR }, loginAttemptsPerMinute: 1000 });
  });
  afterAll(async () => {
    await desk.close();
  });

  it('signs in with email and password and sets an httpOnly SameSite session cookie', async () => {
    const res = await desk.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'Anna@Desk.test', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^earshot_session=ess_[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=28800$/);
    const body = res.json() as { agent: { email: string; role: string }; csrfToken: string; permissions: string[] };
    expect(body.agent).toMatchObject({ email: 'anna@desk.test', role: 'agent' });
    expect(body.csrfToken.length).toBeGreaterThan(20);
    expect(body.permissions).toContain('conversations:work');
    expect(body.permissions).not.toContain('org:manage');
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const wrong = await desk.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'bob@desk.test', password: 'nope nope nope' } });
    const unknown = await desk.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'ghost@desk.test', password: 'nope nope nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    await sql`update agent set failed_logins = 0 where email = 'bob@desk.test'`.execute(desk.database.db);
  });

  it('reads /api/me with the cookie and with a bearer token', async () => {
    const s = await login(desk, 'lead@desk.test');
    const viaCookie = await desk.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: s.cookie } });
    expect(viaCookie.statusCode).toBe(200);
    expect(viaCookie.json()).toMatchObject({ via: 'session', csrfToken: s.csrf, agent: { role: 'lead' } });
    const t = await bearer(desk, desk.agents.viewer, 'read');
    const viaToken = await desk.app.inject({ method: 'GET', url: '/api/me', headers: withToken(t) });
    expect(viaToken.json()).toMatchObject({ via: 'token', csrfToken: null, tokenScope: 'read', agent: { role: 'viewer' } });
  });

  it('rejects an unsafe request with the cookie but without the CSRF header', async () => {
    const s = await login(desk, 'anna@desk.test');
    const res = await desk.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: s.cookie }, payload: { name: 'x', scope: 'read' } });
    expect(res.statusCode).toBe(403);
    expect((res.json() as { error: { code: string } }).error.code).toBe('AUTH_CSRF_FAILED');
    const wrong = await desk.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: s.cookie, 'x-csrf-token': 'guess' }, payload: { name: 'x', scope: 'read' } });
    expect(wrong.statusCode).toBe(403);
    const crossSite = await desk.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { ...withSession(s), origin: 'https://evil.example' },
      payload: { name: 'x', scope: 'read' },
    });
    expect(crossSite.statusCode).toBe(403);
    const ok = await desk.app.inject({ method: 'POST', url: '/api/tokens', headers: withSession(s), payload: { name: 'x', scope: 'read' } });
    expect(ok.statusCode).toBe(201);
  });

  it('refuses a sign-in posted from another site', async () => {
    const res = await desk.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: 'https://evil.example' }, payload: { email: 'anna@desk.test', password: PASSWORD } });
    expect(res.statusCode).toBe(403);
  });

  it('expires a session after its idle time and after its lifetime', async () => {
    const s = await login(desk, 'anna@desk.test');
    desk.clock.now += 2 * HOUR + 1;
    const idle = await desk.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: s.cookie } });
    expect(idle.statusCode).toBe(401);
    expect((idle.json() as { error: { code: string } }).error.code).toBe('AUTH_SESSION_EXPIRED');
    expect(String(idle.headers['set-cookie'])).toContain('Max-Age=0');
    // Kept busy, it still ends at its absolute lifetime.
    const busy = await login(desk, 'anna@desk.test');
    for (let i = 0; i < 9; i++) {
      desk.clock.now += HOUR - 1;
      const r = await desk.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: busy.cookie } });
      expect(r.statusCode).toBe(i < 8 ? 200 : 401);
    }
  });

  it('ends the session at logout', async () => {
    const s = await login(desk, 'anna@desk.test');
    const out = await desk.app.inject({ method: 'POST', url: '/api/auth/logout', headers: withSession(s) });
    expect(out.statusCode).toBe(200);
    const after = await desk.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: s.cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('creates an API token shown once, stores only its hash, records last use and revokes it', async () => {
    const s = await login(desk, 'bob@desk.test');
    const created = await desk.app.inject({ method: 'POST', url: '/api/tokens', headers: withSession(s), payload: { name: 'crm', scope: 'write' } });
    const { token, apiToken } = created.json() as { token: string; apiToken: { id: string; lastUsedAt: string | null; prefix: string } };
    expect(token.startsWith(apiToken.prefix)).toBe(true);
    expect(apiToken.lastUsedAt).toBeNull();
    const stored = await sql<{ token_hash: string }>`select token_hash from api_token where id = ${apiToken.id}`.execute(desk.database.db);
    expect(stored.rows[0]!.token_hash).not.toContain(token);
    expect(stored.rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const use = await desk.app.inject({ method: 'GET', url: '/api/me', headers: withToken(token) });
    expect(use.statusCode).toBe(200);
    const list = await desk.app.inject({ method: 'GET', url: '/api/tokens', headers: withToken(token) });
    const listed = (list.json() as { items: { id: string; lastUsedAt: string | null }[] }).items.find((t) => t.id === apiToken.id)!;
    expect(listed.lastUsedAt).toBe(new Date(desk.clock.now).toISOString());
    expect(list.body).not.toContain(token);
    const revoke = await desk.app.inject({ method: 'DELETE', url: `/api/tokens/${apiToken.id}`, headers: withToken(token) });
    expect(revoke.statusCode).toBe(200);
    const after = await desk.app.inject({ method: 'GET', url: '/api/me', headers: withToken(token) });
    expect(after.statusCode).toBe(401);
    expect((after.json() as { error: { code: string } }).error.code).toBe('AUTH_TOKEN_REVOKED');
  });

  it('lets a read token read but not write', async () => {
    const t = await bearer(desk, desk.agents.agentA, 'read');
    expect((await desk.app.inject({ method: 'GET', url: '/api/conversations', headers: withToken(t) })).statusCode).toBe(200);
    const write = await desk.app.inject({ method: 'POST', url: '/api/tokens', headers: withToken(t), payload: { name: 'y', scope: 'write' } });
    expect(write.statusCode).toBe(403);
    expect((write.json() as { error: { code: string } }).error.code).toBe('AUTH_TOKEN_SCOPE');
  });

  it('does not let an agent revoke another agent’s token', async () => {
    const t = await bearer(desk, desk.agents.agentB);
    const other = await bearer(desk, desk.agents.agentA);
    const mine = await desk.app.inject({ method: 'GET', url: '/api/tokens', headers: withToken(other) });
    const id = (mine.json() as { items: { id: string }[] }).items[0]!.id;
    const res = await desk.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: withToken(t) });
    expect(res.statusCode).toBe(404);
  });

  it('locks an account after five failed sign-ins and unlocks it after the lock time', async () => {
    const attempt = (password: string) => desk.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'lone@desk.test', password } });
    for (let i = 0; i < 4; i++) expect((await attempt('wrong password!')).statusCode).toBe(401);
    const fifth = await attempt('wrong password!');
    expect(fifth.statusCode).toBe(429);
    expect((fifth.json() as { error: { code: string } }).error.code).toBe('AUTH_LOCKED');
    expect(Number(fifth.headers['retry-after'])).toBe(15 * 60);
    // Locked: even the right password is refused.
    expect((await attempt(PASSWORD)).statusCode).toBe(429);
    desk.clock.now += 15 * 60_000 + 1;
    expect((await attempt(PASSWORD)).statusCode).toBe(200);
  });

  it('changes a password: every session ends and only the new password signs in', async () => {
    const s = await login(desk, 'vera@desk.test');
    const wrong = await desk.app.inject({ method: 'PUT', url: '/api/me/password', headers: withSession(s), payload: { currentPassword: 'nope nope nope', newPassword: 'a brand new password' } });
    expect(wrong.statusCode).toBe(401);
    const weak = await desk.app.inject({ method: 'PUT', url: '/api/me/password', headers: withSession(s), payload: { currentPassword: PASSWORD, newPassword: 'short' } });
    expect(weak.statusCode).toBe(400);
    const ok = await desk.app.inject({ method: 'PUT', url: '/api/me/password', headers: withSession(s), payload: { currentPassword: PASSWORD, newPassword: 'a brand new password' } });
    expect(ok.statusCode).toBe(200);
    expect((await desk.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
    expect((await desk.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'vera@desk.test', password: PASSWORD } })).statusCode).toBe(401);
    await login(desk, 'vera@desk.test', 'a brand new password');
  });

  it('lets an admin disable an agent: sessions end, tokens stop, sign-in fails', async () => {
    const admin = await bearer(desk, desk.agents.admin);
    const s = await login(desk, 'bob@desk.test');
    const t = await bearer(desk, desk.agents.agentB);
    const res = await desk.app.inject({ method: 'PATCH', url: `/api/agents/${desk.agents.agentB.id}`, headers: withToken(admin), payload: { disabled: true } });
    expect(res.json()).toMatchObject({ disabled: true, role: 'agent' });
    expect((await desk.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
    expect((await desk.app.inject({ method: 'GET', url: '/api/me', headers: withToken(t) })).statusCode).toBe(401);
    expect((await desk.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'bob@desk.test', password: PASSWORD } })).statusCode).toBe(401);
    await desk.app.inject({ method: 'PATCH', url: `/api/agents/${desk.agents.agentB.id}`, headers: withToken(admin), payload: { disabled: false } });
    expect((await desk.app.inject({ method: 'GET', url: '/api/me', headers: withToken(t) })).statusCode).toBe(200);
  });

  it('limits sign-in attempts per client address', async () => {
    const strict = await openDesk(engine, { loginAttemptsPerMinute: 3 });
    try {
      const attempt = () => strict.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@desk.test', password: 'whatever it is' } });
      for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
      const limited = await attempt();
      expect(limited.statusCode).toBe(429);
      expect((limited.json() as { error: { code: string } }).error.code).toBe('AUTH_RATE_LIMITED');
      strict.clock.now += 60_001;
      expect((await attempt()).statusCode).toBe(401);
      // Without a trusted proxy a client cannot dodge the limit by claiming another address.
      const spoofed = (ip: string) =>
        strict.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-forwarded-for': ip }, payload: { email: 'nobody@desk.test', password: 'whatever it is' } });
      for (let i = 0; i < 2; i++) expect((await spoofed(`203.0.113.${i}`)).statusCode).toBe(401);
      expect((await spoofed('203.0.113.9')).statusCode).toBe(429);
    } finally {
      await strict.close();
    }
  });

  it('counts sign-in attempts per forwarded client address behind a trusted proxy', async () => {
    const proxied = await openDesk(engine, { loginAttemptsPerMinute: 2, trustProxy: '127.0.0.1' });
    try {
      const from = (ip: string) =>
        proxied.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-forwarded-for': ip }, payload: { email: 'nobody@desk.test', password: 'whatever it is' } });
      for (let i = 0; i < 2; i++) expect((await from('198.51.100.1')).statusCode).toBe(401);
      expect((await from('198.51.100.1')).statusCode).toBe(429);
      expect((await from('198.51.100.2')).statusCode).toBe(401);
    } finally {
      await proxied.close();
    }
  });
});
