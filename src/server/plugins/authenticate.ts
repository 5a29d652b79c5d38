// Who is calling, and may they: resolves the session cookie or bearer token, then applies the route's access
// rule, the token's scope and CSRF protection, all before the body is parsed. Registered once for /api.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, conversationScope, type Actor, type ConversationScope } from '../../domain/access.js';
import { EarshotError } from '../../domain/errors.js';
import { resolveApiToken, resolveSession, type Agent, type TokenScope } from '../../store/index.js';
import type { RouteAccess } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';

export const SESSION_COOKIE = 'earshot_session';
export const CSRF_HEADER = 'x-csrf-token';

export type Auth =
  | { readonly via: 'session'; readonly agent: Agent; readonly actor: Actor; readonly csrfToken: string; readonly sessionToken: string; readonly expiresAt: number }
  | { readonly via: 'token'; readonly agent: Agent; readonly actor: Actor; readonly scope: TokenScope; readonly tokenId: string; readonly bearer: string };

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return undefined;
}

export function sessionCookie(ctx: ApiContext, token: string, maxAgeMs: number): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.max(0, Math.floor(maxAgeMs / 1000))}${ctx.secureCookies ? '; Secure' : ''}`;
}

export const actorOf = (agent: Agent): Actor => ({ agentId: agent.id, organisationId: agent.organisationId, role: agent.role, teamIds: agent.teamIds });

/** The signed-in agent; only call from routes whose rule is not public. */
export function authOf(request: FastifyRequest): Auth {
  if (!request.auth) throw new EarshotError('AUTH_REQUIRED', 'sign in (POST /api/auth/login) or send Authorization: Bearer <API token>');
  return request.auth;
}

export function scopeOf(request: FastifyRequest): ConversationScope {
  return conversationScope(authOf(request).actor);
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A cross-site page can make a browser send the cookie; it cannot make it send a same-origin Origin header. */
function isCrossOrigin(ctx: ApiContext, request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return true; // an Origin that is not a URL is not ours
  }
  return host !== request.host && host !== ctx.publicHost;
}

async function resolveAuth(ctx: ApiContext, request: FastifyRequest, reply: FastifyReply): Promise<Auth | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(header);
    if (!m) throw new EarshotError('AUTH_REQUIRED', 'Authorization: expected "Bearer <API token>"');
    const found = await resolveApiToken(ctx.database.db, m[1]!, ctx.now());
    if (found.kind === 'revoked') throw new EarshotError('AUTH_TOKEN_REVOKED', 'this API token was revoked; create a new one');
    if (found.kind === 'unknown' || found.agent.organisationId !== ctx.organisation.id) throw new EarshotError('AUTH_REQUIRED', 'unknown API token');
    return { via: 'token', agent: found.agent, actor: actorOf(found.agent), scope: found.scope, tokenId: found.tokenId, bearer: m[1]! };
  }
  const cookie = readCookie(request, SESSION_COOKIE);
  if (cookie === undefined) return null;
  const found = await resolveSession(ctx.database.db, cookie, ctx.now(), ctx.session);
  if (found.kind === 'valid' && found.agent.organisationId === ctx.organisation.id) {
    return { via: 'session', agent: found.agent, actor: actorOf(found.agent), csrfToken: found.csrfToken, sessionToken: cookie, expiresAt: found.expiresAt };
  }
  reply.header('set-cookie', sessionCookie(ctx, '', 0));
  if (found.kind === 'expired') throw new EarshotError('AUTH_SESSION_EXPIRED', 'your session expired; sign in again');
  return null;
}

/** Registers credential resolution and access checks for every route of `app` (the /api scope). */
export function registerAuthentication(app: FastifyInstance, ctx: ApiContext, table: RouteAccess[]): void {
  app.decorateRequest('auth', null);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!access) throw new Error(`route ${String(route.method)} ${route.url} has no access rule (config.access); every /api route needs one`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url: route.url, access });
  });
  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (!access) return; // no route matched: the 404 handler answers
    // Public routes need no credential, so a stale cookie or a revoked token cannot lock anyone out of them.
    if (access.kind === 'public') return;
    request.auth = await resolveAuth(ctx, request, reply);
    const auth = request.auth;
    if (!auth) throw new EarshotError('AUTH_REQUIRED', 'sign in (POST /api/auth/login) or send Authorization: Bearer <API token>');
    if (access.kind === 'permission' && !can(auth.actor, access.permission)) {
      throw new EarshotError('AUTH_FORBIDDEN', `your role (${auth.actor.role}) lacks ${access.permission}`);
    }
    if (UNSAFE.has(request.method)) {
      if (auth.via === 'token' && auth.scope === 'read') throw new EarshotError('AUTH_TOKEN_SCOPE', 'this API token is read-only; create a write token');
      if (auth.via === 'session') {
        const given = request.headers[CSRF_HEADER];
        if (isCrossOrigin(ctx, request) || typeof given !== 'string' || !sameText(given, auth.csrfToken)) {
          throw new EarshotError('AUTH_CSRF_FAILED', `${CSRF_HEADER}: missing or wrong; send the csrfToken from POST /api/auth/login or GET /api/me`);
        }
      }
    }
  });
}

/** Login and setup are public but unsafe: refuse them from another origin (login CSRF). */
export function refuseCrossOrigin(ctx: ApiContext, request: FastifyRequest): void {
  if (isCrossOrigin(ctx, request)) throw new EarshotError('AUTH_CSRF_FAILED', 'Origin: cross-site requests cannot sign in');
}

/** The credential checked again (long-lived streams): the agent as it is now, or null when no longer valid. */
export async function recheckAuth(ctx: ApiContext, auth: Auth): Promise<Agent | null> {
  const now = ctx.now();
  const found = auth.via === 'session' ? await resolveSession(ctx.database.db, auth.sessionToken, now, ctx.session) : await resolveApiToken(ctx.database.db, auth.bearer, now);
  return found.kind === 'valid' ? found.agent : null;
}
