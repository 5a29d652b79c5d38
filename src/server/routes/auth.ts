// POST /api/auth/login, POST /api/auth/logout, GET /api/me, PUT /api/me/password: password sign-in with a
// session cookie for the web app; /api/me also answers for API tokens.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PERMISSIONS, can } from '../../domain/access.js';
import { EarshotError } from '../../domain/errors.js';
import { attemptLogin, createSession, deleteSession, setAgentPassword, type Agent } from '../../store/index.js';
import { PUBLIC, SIGNED_IN } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { loginBody, meResponse, passwordChangeBody } from '../contract/auth.js';
import { iso, okBody, responses } from '../contract/common.js';
import { authOf, refuseCrossOrigin, sessionCookie } from '../plugins/authenticate.js';

export function agentOut(a: Agent) {
  return { id: a.id, email: a.email, name: a.name, role: a.role, teamIds: [...a.teamIds], disabled: a.disabled, createdAt: iso(a.createdAt) };
}

export function authRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/api/auth/login',
      {
        config: { access: PUBLIC },
        schema: { tags: ['auth'], summary: 'Sign in with email and password; sets the session cookie', body: loginBody, response: responses({ 200: meResponse }) },
      },
      async (request, reply) => {
        refuseCrossOrigin(ctx, request);
        const now = ctx.now();
        const wait = ctx.loginLimiter.take(request.ip, now);
        if (wait > 0) {
          reply.header('retry-after', String(Math.ceil(wait / 1000)));
          throw new EarshotError('AUTH_RATE_LIMITED', `too many sign-in attempts from this address; wait ${Math.ceil(wait / 1000)} s`);
        }
        const outcome = await attemptLogin(ctx.database.db, { organisationId: ctx.organisation.id, email: request.body.email, password: request.body.password, now });
        if (outcome.kind === 'locked') {
          reply.header('retry-after', String(Math.ceil(outcome.retryAfterMs / 1000)));
          throw new EarshotError('AUTH_LOCKED', `too many failed sign-ins for this account; locked for ${Math.ceil(outcome.retryAfterMs / 60_000)} min`);
        }
        if (outcome.kind === 'bad-credentials') throw new EarshotError('AUTH_BAD_CREDENTIALS', 'email or password is wrong');
        const session = await createSession(ctx.database.db, outcome.agent.id, now, ctx.session);
        request.log.info({ agentId: outcome.agent.id }, 'agent signed in');
        reply.header('set-cookie', sessionCookie(ctx, session.token, session.expiresAt - now));
        return {
          agent: agentOut(outcome.agent),
          permissions: PERMISSIONS.filter((p) => can(outcome.agent, p)),
          via: 'session' as const,
          csrfToken: session.csrfToken,
          tokenScope: null,
          sessionExpiresAt: iso(session.expiresAt),
        };
      },
    );

    r.post(
      '/api/auth/logout',
      { config: { access: SIGNED_IN }, schema: { tags: ['auth'], summary: 'End the session', response: responses({ 200: okBody }) } },
      async (request, reply) => {
        const auth = authOf(request);
        if (auth.via === 'session') await deleteSession(ctx.database.db, auth.sessionToken);
        reply.header('set-cookie', sessionCookie(ctx, '', 0));
        return { ok: true as const };
      },
    );

    r.put(
      '/api/me/password',
      {
        config: { access: SIGNED_IN },
        schema: { tags: ['auth'], summary: 'Change your password; every session of yours ends, sign in again', body: passwordChangeBody, response: responses({ 200: okBody }) },
      },
      async (request, reply) => {
        const auth = authOf(request);
        // The current password is checked like a sign-in, so it counts towards the lock-out too.
        const check = await attemptLogin(ctx.database.db, { organisationId: ctx.organisation.id, email: auth.agent.email, password: request.body.currentPassword, now: ctx.now() });
        if (check.kind === 'locked') throw new EarshotError('AUTH_LOCKED', 'too many failed attempts for this account; try later');
        if (check.kind !== 'ok') throw new EarshotError('AUTH_BAD_CREDENTIALS', 'currentPassword: wrong password');
        await setAgentPassword(ctx.database.db, auth.agent.id, request.body.newPassword);
        request.log.info({ agentId: auth.agent.id }, 'password changed');
        reply.header('set-cookie', sessionCookie(ctx, '', 0));
        return { ok: true as const };
      },
    );

    r.get(
      '/api/me',
      { config: { access: SIGNED_IN }, schema: { tags: ['auth'], summary: 'The signed-in agent, permissions and CSRF token', response: responses({ 200: meResponse }) } },
      async (request) => {
        const auth = authOf(request);
        return {
          agent: agentOut(auth.agent),
          permissions: PERMISSIONS.filter((p) => can(auth.actor, p)),
          via: auth.via,
          csrfToken: auth.via === 'session' ? auth.csrfToken : null,
          tokenScope: auth.via === 'token' ? auth.scope : null,
          sessionExpiresAt: auth.via === 'session' ? iso(auth.expiresAt) : null,
        };
      },
    );
  };
}
