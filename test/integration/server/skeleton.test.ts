import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../support/databases.js';
import { bearer, openDesk, withToken, type Desk } from './harness.js';

describe.each(ENGINES)('api skeleton on %s', (engine) => {
  let desk: Desk;
  let token: string;
  beforeAll(async () => {
    desk = await openDesk(engine);
    token = await bearer(desk, desk.agents.admin);
  });
  afterAll(async () => {
    await desk.close();
  });

  it('serves an OpenAPI 3.1 document generated from the zod schemas', async () => {
    const res = await desk.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/conversations', '/api/conversations/{id}', '/api/contacts/{id}']));
    expect(JSON.stringify(doc.paths['/api/auth/login'])).toContain('password');
    expect(Object.keys(doc.paths).every((p) => p.startsWith('/api/'))).toBe(true);
    // The live event frame is documented, not only the route.
    expect(JSON.stringify(doc.paths['/api/events'])).toContain('conversationIds');
  });

  it('serves a human docs page at /api/docs', async () => {
    const res = await desk.app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(res.statusCode);
    const page = res.statusCode === 302 ? await desk.app.inject({ method: 'GET', url: String(res.headers.location).replace(/^\.\//, '/api/docs/') }) : res;
    expect(page.body).toMatch(/swagger/i);
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await desk.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: expect.any(String) } });
  });

  it('names the field path of a wrong type', async () => {
    const res = await desk.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 42, password: 'x' } });
    expect(res.statusCode).toBe(400);
    const body = res.json() as { error: { code: string; message: string; details: { path: string }[] } };
    expect(body.error.code).toBe('INPUT_INVALID');
    expect(body.error.details.map((d) => d.path)).toEqual(['body.email']);
    expect(body.error.message).toContain('body.email');
  });

  it('rejects unknown fields in a body and names them', async () => {
    const res = await desk.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@b.c', password: 'x', admin: true } });
    expect(res.statusCode).toBe(400);
    const body = res.json() as { error: { code: string; details: { path: string; message: string }[] } };
    expect(body.error.details).toEqual([{ path: 'body.admin', message: 'unknown field admin' }]);
  });

  it('rejects unknown query parameters', async () => {
    const res = await desk.app.inject({ method: 'GET', url: '/api/conversations?colour=red', headers: withToken(token) });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { details: { path: string }[] } }).error.details[0]!.path).toBe('querystring.colour');
  });

  it('answers malformed JSON with 400 JSON', async () => {
    const res = await desk.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email": ' });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { code: string } }).error.code).toBe('INPUT_INVALID');
  });

  it('answers invalid UTF-8 with 400 INPUT_BAD_ENCODING', async () => {
    const bad = Buffer.concat([Buffer.from('{"email":"a'), Buffer.from([0xc3, 0x28]), Buffer.from('@b.c","password":"x"}')]);
    const res = await desk.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: bad });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { code: string } }).error.code).toBe('INPUT_BAD_ENCODING');
  });

  it('answers a body over the limit with 413 JSON', async () => {
    const res = await desk.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: `{"email":"${'a'.repeat(2_000_000)}"}` });
    expect(res.statusCode).toBe(413);
    expect((res.json() as { error: { code: string } }).error.code).toBe('INPUT_TOO_LARGE');
  });

  it('answers a form-encoded body with 415 JSON', async () => {
    const res = await desk.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=a&password=b' });
    expect(res.statusCode).toBe(415);
    expect((res.json() as { error: { code: string } }).error.code).toBe('INPUT_UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses prototype-poisoning keys', async () => {
    const res = await desk.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"__proto__":{"x":1},"email":"a@b.c","password":"x"}' });
    expect(res.statusCode).toBe(400);
  });

  it('echoes the request id it was given', async () => {
    const res = await desk.app.inject({ method: 'GET', url: '/api/me', headers: { ...withToken(token), 'x-request-id': 'req-123' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toBe('req-123');
  });
});
