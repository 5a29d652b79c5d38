// What agents do to a conversation: assign/unassign, change status (through the domain state machine), tag,
// add internal notes with @mentions, claim, and override the suggested path. Replies: replies.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { addNote, assignConversation, changeConversationStatus, claimConversation, setConversationPath, snoozeConversation, tagConversation } from '../../store/index.js';
import { EarshotError } from '../../domain/errors.js';
import type { EpochMs } from '../../domain/ids.js';
import { needs } from '../access-rule.js';
import { offerCsat } from '../csat-offer.js';
import type { ApiContext } from '../api-context.js';
import { iso, responses } from '../contract/common.js';
import { assignBody, conversationParams, conversationSummary, noteBody, noteResponse, pathBody, snoozeBody, statusBody, tagsBody } from '../contract/conversations.js';
import { authOf, scopeOf } from '../plugins/authenticate.js';
import { conversationOut } from './conversations.js';

export function conversationActionRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const access = needs('conversations:work');
    const change = (request: FastifyRequest, id: string) => ({
      organisationId: ctx.organisation.id,
      scope: scopeOf(request),
      actorId: authOf(request).agent.id,
      conversationId: id,
    });

    r.post(
      '/api/conversations/:id/assign',
      {
        config: { access },
        schema: { tags: ['conversations'], summary: 'Assign to an agent who can see it, or unassign (null)', params: conversationParams, body: assignBody, response: responses({ 200: conversationSummary }) },
      },
      async (request) => conversationOut(await assignConversation(ctx.database.db, { ...change(request, request.params.id), assigneeId: request.body.assigneeId }), ctx.now()),
    );

    r.post(
      '/api/conversations/:id/claim',
      {
        config: { access },
        schema: { tags: ['conversations'], summary: 'Take an unassigned conversation; of simultaneous claims exactly one wins, the others get 409 naming the owner', params: conversationParams, response: responses({ 200: conversationSummary }) },
      },
      async (request) => conversationOut(await claimConversation(ctx.database.db, change(request, request.params.id)), ctx.now()),
    );

    r.post(
      '/api/conversations/:id/snooze',
      {
        config: { access },
        schema: { tags: ['conversations'], summary: 'Snooze until a time; it reopens then with a reminder to the assignee', params: conversationParams, body: snoozeBody, response: responses({ 200: conversationSummary }) },
      },
      async (request) => {
        const until = Date.parse(request.body.until);
        if (until <= ctx.now()) throw new EarshotError('INPUT_INVALID', 'until: expected a time in the future', { details: ['until: expected a time in the future'] });
        return conversationOut(await snoozeConversation(ctx.database.db, { ...change(request, request.params.id), until: until as EpochMs }), ctx.now());
      },
    );

    r.post(
      '/api/conversations/:id/path',
      {
        config: { access },
        schema: { tags: ['conversations'], summary: 'Override the suggested response path (null: back to the suggestion)', params: conversationParams, body: pathBody, response: responses({ 200: conversationSummary }) },
      },
      async (request) => conversationOut(await setConversationPath(ctx.database.db, { ...change(request, request.params.id), path: request.body.path }), ctx.now()),
    );

    r.post(
      '/api/conversations/:id/status',
      {
        config: { access },
        schema: { tags: ['conversations'], summary: 'Change status; illegal moves answer 409', params: conversationParams, body: statusBody, response: responses({ 200: conversationSummary }) },
      },
      async (request) => {
        const changed = await changeConversationStatus(ctx.database.db, { ...change(request, request.params.id), status: request.body.status });
        if (request.body.status === 'resolved') await offerCsat(ctx, request, { conversationId: request.params.id, scope: scopeOf(request), actorId: authOf(request).agent.id });
        return conversationOut(changed, ctx.now());
      },
    );

    r.post(
      '/api/conversations/:id/tags',
      {
        config: { access },
        schema: { tags: ['conversations'], summary: 'Add and remove tags', params: conversationParams, body: tagsBody, response: responses({ 200: conversationSummary }) },
      },
      async (request) =>
        conversationOut(await tagConversation(ctx.database.db, { ...change(request, request.params.id), add: request.body.add, remove: request.body.remove }), ctx.now()),
    );

    r.post(
      '/api/conversations/:id/notes',
      {
        config: { access },
        schema: {
          tags: ['conversations'],
          summary: 'Add an internal note; @email or @name-before-the-at mentions agents who can see the conversation',
          params: conversationParams,
          body: noteBody,
          response: responses({ 201: noteResponse }),
        },
      },
      async (request, reply) => {
        const note = await addNote(ctx.database.db, { ...change(request, request.params.id), text: request.body.text });
        return reply.status(201).send({ messageId: note.messageId, sentAt: iso(note.sentAt), mentions: [...note.mentions], unknownMentions: [...note.unknownMentions] });
      },
    );
  };
}
