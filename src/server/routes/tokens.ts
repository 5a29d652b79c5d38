// /api/tokens: an agent's API tokens (admins see and revoke everyone's). The token itself is returned once.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createApiToken, listApiTokens, revokeApiToken, type ApiToken } from '../../store/index.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { idParams, tokenCreateBody, tokenCreatedResponse, tokenListResponse, tokenSchema } from '../contract/auth.js';
import { iso, isoOrNull, responses } from '../contract/common.js';
import { authOf } from '../plugins/authenticate.js';

export function tokenOut(t: ApiToken) {
  return { id: t.id, agentId: t.agentId, name: t.name, scope: t.scope, prefix: t.prefix, createdAt: iso(t.createdAt), lastUsedAt: isoOrNull(t.lastUsedAt), revokedAt: isoOrNull(t.revokedAt) };
}

export function tokenRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const access = needs('tokens:own');
    r.get('/api/tokens', { config: { access }, schema: { tags: ['tokens'], summary: 'API tokens (yours; all for admins)', response: responses({ 200: tokenListResponse }) } }, async (request) => {
      const auth = authOf(request);
      const items = await listApiTokens(ctx.database.db, { organisationId: ctx.organisation.id, ...(auth.actor.role === 'admin' ? {} : { agentId: auth.agent.id }) });
      return { items: items.map(tokenOut) };
    });
    r.post(
      '/api/tokens',
      { config: { access }, schema: { tags: ['tokens'], summary: 'Create an API token for yourself; shown once', body: tokenCreateBody, response: responses({ 201: tokenCreatedResponse }) } },
      async (request, reply) => {
        const auth = authOf(request);
        const created = await createApiToken(ctx.database.db, { agentId: auth.agent.id, name: request.body.name, scope: request.body.scope, now: ctx.now() });
        request.log.info({ tokenId: created.apiToken.id, scope: created.apiToken.scope }, 'API token created');
        return reply.status(201).send({ token: created.token, apiToken: tokenOut(created.apiToken) });
      },
    );
    r.delete(
      '/api/tokens/:id',
      { config: { access }, schema: { tags: ['tokens'], summary: 'Revoke an API token', params: idParams, response: responses({ 200: tokenSchema }) } },
      async (request) => {
        const auth = authOf(request);
        const revoked = await revokeApiToken(ctx.database.db, {
          id: request.params.id,
          organisationId: ctx.organisation.id,
          now: ctx.now(),
          ...(auth.actor.role === 'admin' ? {} : { ownerId: auth.agent.id }),
        });
        request.log.info({ tokenId: revoked.id }, 'API token revoked');
        return tokenOut(revoked);
      },
    );
  };
}
