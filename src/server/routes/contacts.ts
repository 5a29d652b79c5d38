// GET /api/contacts/:id (identities and a cross-channel timeline, limited to the caller's teams), merge and split.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NotFoundError } from '../../domain/errors.js';
import { loadContact, mergeContacts, splitContactIdentity } from '../../store/index.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { iso, okBody, responses } from '../contract/common.js';
import { contactParams, contactQuery, contactResponse, mergeBody, splitBody, splitResponse } from '../contract/contacts.js';
import { authOf, scopeOf } from '../plugins/authenticate.js';

export function contactRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/api/contacts/:id',
      {
        config: { access: needs('contacts:read') },
        schema: { tags: ['contacts'], summary: 'A contact with identities and timeline (merged contacts resolve to the survivor)', params: contactParams, querystring: contactQuery, response: responses({ 200: contactResponse }) },
      },
      async (request) => {
        const c = await loadContact(ctx.database.db, { organisationId: ctx.organisation.id, scope: scopeOf(request), id: request.params.id, timelineLimit: request.query.timelineLimit });
        if (!c) throw new NotFoundError('CONTACT_NOT_FOUND', `contact ${request.params.id} does not exist or has no conversation in your teams`);
        return {
          ...c,
          createdAt: iso(c.createdAt),
          identities: [...c.identities],
          conversationIds: [...c.conversationIds],
          timeline: c.timeline.map((t) => ({ ...t, sentAt: iso(t.sentAt) })),
        };
      },
    );
    r.post(
      '/api/contacts/merge',
      { config: { access: needs('contacts:merge') }, schema: { tags: ['contacts'], summary: 'Merge one contact into another', body: mergeBody, response: responses({ 200: okBody }) } },
      async (request) => {
        await mergeContacts(ctx.database.db, { organisationId: ctx.organisation.id, scope: scopeOf(request), actorId: authOf(request).agent.id, ...request.body });
        return { ok: true as const };
      },
    );
    r.post(
      '/api/contacts/:id/split',
      {
        config: { access: needs('contacts:merge') },
        schema: { tags: ['contacts'], summary: 'Move one identity (and its conversations) to a new contact', params: contactParams, body: splitBody, response: responses({ 201: splitResponse }) },
      },
      async (request, reply) => {
        const contactId = await splitContactIdentity(ctx.database.db, {
          organisationId: ctx.organisation.id,
          scope: scopeOf(request),
          actorId: authOf(request).agent.id,
          contactId: request.params.id,
          identityId: request.body.identityId,
        });
        return reply.status(201).send({ contactId });
      },
    );
  };
}
