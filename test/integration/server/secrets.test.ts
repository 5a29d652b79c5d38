import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../support/databases.js';
import { bearer, openDesk, withToken, type Desk } from './harness.js';

const SECRET = 'auth-token-6f1c2e9d8b7a';

describe.each(ENGINES)('channel account secrets on %s', (engine) => {
  let desk: Desk;
  let admin: string;
  beforeAll(async () => {
    desk = await openDesk(engine);
    admin = await bearer(desk, desk.agents.admin);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('stores credentials encrypted and never returns them from any route', async () => {
    const created = await desk.app.inject({
      method: 'POST',
      url: '/api/channel-accounts',
      headers: withToken(admin),
      payload: { kind: 'twilio', name: 'sms', config: { accountSid: `AC${'a'.repeat(32)}`, authToken: SECRET, fromNumber: '+15005550006' } },
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).not.toContain(SECRET);
    expect(created.json()).toMatchObject({ kind: 'twilio', hasSecrets: true, settings: { accountSid: `AC${'a'.repeat(32)}` } });
    const raw = await sql<{ secrets: Uint8Array; settings: unknown }>`select secrets, settings from channel_account where name = 'sms'`.execute(desk.database.db);
    expect(Buffer.from(raw.rows[0]!.secrets).toString('latin1')).not.toContain(SECRET);
    expect(JSON.stringify(raw.rows[0]!.settings)).not.toContain(SECRET);

    const bad = await desk.app.inject({ method: 'POST', url: '/api/channel-accounts', headers: withToken(admin), payload: { kind: 'twilio', name: 'bad', config: { authToken: SECRET } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).not.toContain(SECRET);

    const gets = desk.app.apiRoutes.filter((r) => r.method === 'GET' && r.url !== '/api/events');
    for (const r of gets) {
      const url = r.url.replace(':id', created.json<{ id: string }>().id) + (r.url === '/api/reports' ? '?since=2026-01-01T00:00:00Z&until=2027-01-01T00:00:00Z' : '');
      const res = await desk.app.inject({ method: 'GET', url, headers: withToken(admin) });
      expect({ url, leaked: res.body.includes(SECRET) }).toEqual({ url, leaked: false });
    }
    const doc = await desk.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const listSchema = JSON.stringify((doc.json() as { paths: Record<string, unknown> }).paths['/api/channel-accounts']);
    expect(listSchema).toContain('hasSecrets');
    expect(listSchema).not.toContain('authToken');
  });
});
