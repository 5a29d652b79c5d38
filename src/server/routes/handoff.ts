// POST /api/conversations/:id/handoff: the private handoff (DESIGN.md §1) in one action — a public
// acknowledgement with a human signature and a signed, expiring, single-use link to a private form.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../domain/errors.js';
import { createHandoffLink, loadReplyContext } from '../../store/index.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { iso, responses } from '../contract/common.js';
import { conversationParams } from '../contract/conversations.js';
import { replyBodyTemplate, replyResponse } from '../contract/replies.js';
import { customerLinkUrl } from '../customer-link-url.js';
import { authOf, scopeOf } from '../plugins/authenticate.js';
import { composeText, sendReply } from './replies.js';

const HANDOFF_TTL_MS = 72 * 3_600_000;
const DEFAULT_MESSAGE = "We're sorry about this and want to sort it out. Please share your details privately here:";

const handoffBody = z
  .strictObject({
    text: z.string().trim().min(1).max(500).optional().describe('The acknowledgement; the link is added after it'),
    template: replyBodyTemplate.optional().describe('Or a saved template for the acknowledgement'),
  })
  .refine((b) => b.text === undefined || b.template === undefined, 'expected text or template, not both');
const handoffResponse = replyResponse.extend({ handoff: z.object({ id: z.string(), url: z.string(), expiresAt: z.string() }) });

export function handoffRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/api/conversations/:id/handoff',
      {
        config: { access: needs('conversations:work') },
        schema: {
          tags: ['replies'],
          summary: 'Acknowledge publicly and move to private: posts the acknowledgement with a single-use link (72 h) to a private form',
          params: conversationParams,
          body: handoffBody,
          response: responses({ 202: handoffResponse }),
        },
      },
      async (request, reply) => {
        const scope = scopeOf(request);
        const author = authOf(request).agent;
        const context = await loadReplyContext(ctx.database.db, { conversationId: request.params.id, scope, authorId: author.id });
        if (!context) throw new NotFoundError('CONVERSATION_NOT_FOUND', `conversation ${request.params.id} does not exist or is not in your teams`);
        const expiresAt = ctx.now() + HANDOFF_TTL_MS;
        const link = await createHandoffLink(ctx.database.db, { organisationId: context.organisationId, conversationId: request.params.id, createdBy: author.id, expiresAt });
        const url = customerLinkUrl(ctx, request, 'handoff', link.id, expiresAt);
        const { template } = request.body;
        // Rendered and signed before the link, so the link ends the post and stays clickable everywhere.
        const words = await composeText(ctx, context, template ? { template } : { text: request.body.text ?? context.settings.handoffMessage ?? DEFAULT_MESSAGE });
        const text = `${words} ${url}`;
        const sent = await sendReply(ctx, { conversationId: request.params.id, scope, context, text });
        return reply.status(202).send({ ...sent, handoff: { id: link.id, url, expiresAt: iso(expiresAt) } });
      },
    );
  };
}
