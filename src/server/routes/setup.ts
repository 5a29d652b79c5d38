// First-admin setup on a fresh install: GET /api/setup (is it needed?) and POST /api/setup (spend the one-time
// link printed at start, create the admin, sign them in). The page at /setup is the web app's (routes/web-app.ts).
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
