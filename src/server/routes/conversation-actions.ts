// What agents do to a conversation: assign/unassign, change status (through the domain state machine), tag,
// add internal notes with @mentions, and reply to the customer in the conversation's channel.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { checkReply } from '../../channels/index.js';
import { EarshotError, NotFoundError } from '../../domain/errors.js';
import type { ConversationId } from '../../domain/ids.js';
import type { AccountConnector } from '../../pipeline/index.js';
import { addNote, assignConversation, changeConversationStatus, claimConversation, queueReply, replyChannelOf, setConversationPath, tagConversation } from '../../store/index.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { iso, responses } from '../contract/common.js';
import { assignBody, conversationParams, conversationSummary, noteBody, noteResponse, pathBody, replyBody, replyResponse, statusBody, tagsBody } from '../contract/conversations.js';
import { authOf, scopeOf } from '../plugins/authenticate.js';
import { conversationOut } from './conversations.js';

/** The connector replies on this account go out through; a clear 409 when there is none that can send. */
async function replyConnector(ctx: ApiContext, channelAccountId: string): Promise<AccountConnector> {
  const notConnected = (why: string) => new EarshotError('CHANNEL_NOT_CONNECTED', `replies cannot be sent: ${why}`);
  if (!ctx.connectors) throw notConnected('this desk has no secret key to open channel credentials');
  let found: AccountConnector | null;
  try {
    found = await ctx.connectors.get(channelAccountId);
  } catch (err) {
    // Imported archives create accounts of a kind without credentials: nothing to send with.
    if (err instanceof EarshotError && (err.code === 'CHANNEL_KIND_UNKNOWN' || err.code === 'CHANNEL_CONFIG_INVALID')) throw notConnected(err.message);
    throw err;
  }
  if (!found) throw notConnected('the conversation\'s channel account was removed');
  return found;
}

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
      async (request) => conversationOut(await changeConversationStatus(ctx.database.db, { ...change(request, request.params.id), status: request.body.status }), ctx.now()),
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

    r.post(
      '/api/conversations/:id/replies',
      {
        config: { access },
        schema: {
          tags: ['conversations'],
          summary: "Reply to the customer in the conversation's channel; refused at once when the channel cannot send it (length, messaging window)",
          params: conversationParams,
          body: replyBody,
          response: responses({ 202: replyResponse }),
        },
      },
      async (request, reply) => {
        const scope = scopeOf(request);
        const accountId = await replyChannelOf(ctx.database.db, request.params.id, scope);
        if (accountId === null) throw new NotFoundError('CONVERSATION_NOT_FOUND', `conversation ${request.params.id} does not exist or is not in your teams`);
        const { connector, account } = await replyConnector(ctx, accountId);
        const text = request.body.text;
        const queued = await queueReply(ctx.database.db, {
          conversationId: request.params.id as ConversationId,
          authorAgentId: authOf(request).agent.id,
          text,
          scope,
          check: (target) => checkReply({ kind: `${account.kind} account ${account.name}`, limits: connector.limits, text, lastInboundAt: target.lastInboundAt, now: ctx.now() }),
        });
        return reply.status(202).send({ messageId: queued.messageId, delivery: { status: 'queued' as const } });
      },
    );
  };
}
