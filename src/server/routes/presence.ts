// /api/conversations/:id/presence: who is viewing or typing (collision detection). Clients heartbeat with PUT
// every ttl/2; entries expire on their own; DELETE leaves at once. Changes also reach /api/events.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NotFoundError } from '../../domain/errors.js';
import { heartbeatPresence, leavePresence, listPresence, loadConversationSummary, type Presence } from '../../store/index.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { iso, okBody, responses } from '../contract/common.js';
import { conversationParams } from '../contract/conversations.js';
import { presenceBody, presenceListResponse, presenceSchema } from '../contract/live.js';
import { authOf, scopeOf } from '../plugins/authenticate.js';

const presenceOut = (p: Presence) => ({ agentId: p.agentId, agentName: p.agentName, state: p.state, expiresAt: iso(p.expiresAt) });

export function presenceRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const access = needs('conversations:read');
    const requireVisible = async (request: Parameters<typeof scopeOf>[0], id: string) => {
      const c = await loadConversationSummary(ctx.database.db, { organisationId: ctx.organisation.id, scope: scopeOf(request), id });
      if (!c) throw new NotFoundError('CONVERSATION_NOT_FOUND', `conversation ${id} does not exist or is not in your teams`);
    };
    r.get(
      '/api/conversations/:id/presence',
      { config: { access }, schema: { tags: ['live'], summary: 'Agents viewing or typing now', params: conversationParams, response: responses({ 200: presenceListResponse }) } },
      async (request) => {
        await requireVisible(request, request.params.id);
        return { items: (await listPresence(ctx.database.db, request.params.id, ctx.now())).map(presenceOut) };
      },
    );
    r.put(
      '/api/conversations/:id/presence',
      {
        config: { access },
        schema: { tags: ['live'], summary: 'Heartbeat: I am viewing or typing (expires after the presence TTL)', params: conversationParams, body: presenceBody, response: responses({ 200: presenceSchema }) },
      },
      async (request) => {
        await requireVisible(request, request.params.id);
        const p = await heartbeatPresence(ctx.database.db, {
          organisationId: ctx.organisation.id,
          conversationId: request.params.id,
          agentId: authOf(request).agent.id,
          state: request.body.state,
          now: ctx.now(),
          ttlMs: ctx.presenceTtlMs,
        });
        return presenceOut(p);
      },
    );
    r.delete(
      '/api/conversations/:id/presence',
      { config: { access }, schema: { tags: ['live'], summary: 'Leave the conversation', params: conversationParams, response: responses({ 200: okBody }) } },
      async (request) => {
        await requireVisible(request, request.params.id);
        await leavePresence(ctx.database.db, { organisationId: ctx.organisation.id, conversationId: request.params.id, agentId: authOf(request).agent.id, now: ctx.now() });
        return { ok: true as const };
      },
    );
  };
}
