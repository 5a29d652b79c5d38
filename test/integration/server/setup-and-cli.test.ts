import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/run-cli.js';
import { buildApp } from '../../../src/server/index.js';
import { ensureOrganisation, migrateToLatest, openDatabase, resolveApiToken, findAgentByEmail, listTeams } from '../../../src/store/index.js';
import { ENGINES, openTestDatabase, type TestDatabase } from '../../support/databases.js';

describe.each(ENGINES)('first-admin setup link on %s', (engine) => {
  let database: TestDatabase;
  const lines: string[] = [];
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base = '';
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    app = await buildApp({ database, log: pino({ level: 'info' }, sink), api: { announceSetupLink: true } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('prints a one-time link that creates the first admin and signs them in', async () => {
    await expect.poll(() => lines.join('\n'), { timeout: 5000 }).toContain('setupUrl');
    const logged = JSON.parse(lines.find((l) => l.includes('setupUrl'))!) as { setupUrl: string; level: number };
    const url = new URL(logged.setupUrl);
    expect(url.origin).toBe(base);
    expect(url.pathname).toBe('/setup');
    const page = await fetch(logged.setupUrl);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await (await fetch(`${base}/api/setup`)).json()) as unknown).toEqual({ needed: true });
    const token = url.searchParams.get('token')!;
    const body = { token, email: 'first@desk.test', name: 'First', password: 'a long enough password' };
    const created = await fetch(`${base}/api/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(created.status).toBe(201);
    expect(created.headers.get('set-cookie')).toContain('earshot_session=');
    expect(((await created.json()) as { agent: { role: string } }).agent.role).toBe('admin');
    const again = await fetch(`${base}/api/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, email: 'second@desk.test' }) });
    expect(again.status).toBe(401);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('AUTH_SETUP_LINK_INVALID');
    expect((await (await fetch(`${base}/api/setup`)).json()) as unknown).toEqual({ needed: false });
  });
});

describe('earshot user add and earshot token create', () => {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-cli-user-'));
  const env = { EARSHOT_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn' };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(argv: string[], stdinText = ''): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const stdin = new PassThrough();
    stdin.end(stdinText);
    const sink = (f: (s: string) => void) => new Writable({ write: (c: Buffer, _e, done) => (f(c.toString()), done()) });
    const code = await runCli(argv, { stdin, stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), isTTY: false, cwd: dir, env });
    return { code, stdout, stderr };
  }

  it('adds an agent, reading the password from stdin when --password is absent, and prints a working token', async () => {
    const added = await run(['user', 'add', '--email', 'Kim@Desk.test', '--name', 'Kim', '--role', 'lead'], 'a good long password\n');
    expect(added.stderr).toContain('password for Kim@Desk.test');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('added lead kim@desk.test');
    expect(added.stdout).not.toContain('a good long password');
    const dup = await run(['user', 'add', '--email', 'kim@desk.test', '--name', 'Kim', '--role', 'lead', '--password', 'another password']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('AGENT_EXISTS');
    const badRole = await run(['user', 'add', '--email', 'x@desk.test', '--name', 'X', '--role', 'boss', '--password', 'another password']);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role: expected one of admin, lead, agent, viewer');
    const noTeam = await run(['user', 'add', '--email', 'y@desk.test', '--name', 'Y', '--role', 'agent', '--team', 'Nope', '--password', 'another password']);
    expect(noTeam.stderr).toContain('TEAM_NOT_FOUND');

    const created = await run(['token', 'create', '--user', 'kim@desk.test', '--scope', 'read']);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^est_[\w-]{40,}$/);
    const database = await openDatabase({ databaseUrl: undefined, dataDir: env.EARSHOT_DATA_DIR });
    try {
      await migrateToLatest(database.db);
      const org = await ensureOrganisation(database.db);
      const found = await resolveApiToken(database.db, token, Date.now());
      expect(found.kind).toBe('valid');
      expect(found.kind === 'valid' && found.scope).toBe('read');
      expect((await findAgentByEmail(database.db, org.id, 'kim@desk.test'))?.role).toBe('lead');
      expect(await listTeams(database.db, org.id)).toEqual([]);
    } finally {
      await database.close();
    }
    const unknown = await run(['token', 'create', '--user', 'nobody@desk.test', '--scope', 'write']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('AGENT_NOT_FOUND');
  });
});
