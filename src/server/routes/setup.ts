// First-admin setup on a fresh install: GET /setup (a small form), GET /api/setup (is it needed?) and
// POST /api/setup (spend the one-time link printed at start, create the admin, sign them in).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PERMISSIONS, can } from '../../domain/access.js';
import { completeSetup, createSession, isSetupNeeded } from '../../store/index.js';
import { PUBLIC } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { meResponse, setupBody, setupStatusResponse } from '../contract/auth.js';
import { iso, responses } from '../contract/common.js';
import { refuseCrossOrigin, sessionCookie } from '../plugins/authenticate.js';
import { agentOut } from './auth.js';

export function setupRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/api/setup',
      { config: { access: PUBLIC }, schema: { tags: ['auth'], summary: 'Whether the desk still needs its first admin', response: responses({ 200: setupStatusResponse }) } },
      async () => ({ needed: await isSetupNeeded(ctx.database.db, ctx.organisation.id) }),
    );
    r.post(
      '/api/setup',
      {
        config: { access: PUBLIC },
        schema: { tags: ['auth'], summary: 'Create the first admin with the one-time setup link', body: setupBody, response: responses({ 201: meResponse }) },
      },
      async (request, reply) => {
        refuseCrossOrigin(ctx, request);
        const now = ctx.now();
        const agent = await completeSetup(ctx.database.db, ctx.organisation.id, { ...request.body, now });
        request.log.info({ agentId: agent.id }, 'first admin created');
        const session = await createSession(ctx.database.db, agent.id, now, ctx.session);
        reply.header('set-cookie', sessionCookie(ctx, session.token, session.expiresAt - now));
        return reply.status(201).send({
          agent: agentOut(agent),
          permissions: PERMISSIONS.filter((p) => can(agent, p)),
          via: 'session' as const,
          csrfToken: session.csrfToken,
          tokenScope: null,
          sessionExpiresAt: iso(session.expiresAt),
        });
      },
    );
  };
}

const PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>earshot setup</title>
<meta name="viewport" content="width=device-width">
<style>body{font:16px system-ui;max-width:28rem;margin:3rem auto}label{display:block;margin:.8rem 0}input{width:100%;padding:.4rem}</style>
<h1>Create the first admin</h1>
<form id="f"><label>Name <input name="name" required></label><label>Email <input name="email" type="email" required></label>
<label>Password (10+ characters) <input name="password" type="password" minlength="10" required></label><button>Create</button></form>
<p id="out" role="status"></p>
<script>
const token = new URLSearchParams(location.search).get('token') || '';
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const d = Object.fromEntries(new FormData(e.target));
  const res = await fetch('/api/setup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...d, token }) });
  const body = await res.json();
  document.getElementById('out').textContent = res.ok ? 'Done: you are signed in as ' + body.agent.email + '. API docs: /api/docs' : body.error.message;
});
</script></html>`;

/** The page outside /api: no API schema, no session needed. */
export async function setupPage(app: FastifyInstance): Promise<void> {
  app.get('/setup', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'").send(PAGE),
  );
}
