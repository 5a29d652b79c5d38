// Replies to customers, templates and approvals. A reply is composed in the conversation's channel: a template
// rendered in the conversation's language, a human signature on public replies, the channel's limits checked at
// once; public replies by agents in training or on sensitive conversations wait for a lead, who approves (maybe
// edited) or rejects with a reason.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { checkReply } from '../../channels/index.js';
import { approvalReasons, DEFAULT_SENSITIVE_TAGS } from '../../domain/reply-approval.js';
import { chooseTemplateVersion, firstName, renderTemplate, signReply, templateVariables } from '../../domain/reply-template.js';
import { EarshotError, NotFoundError } from '../../domain/errors.js';
import type { ConversationScope } from '../../domain/access.js';
import type { ConversationId } from '../../domain/ids.js';
import type { AccountConnector } from '../../pipeline/index.js';
import {
  decideApproval,
  deleteTemplate,
  listApprovals,
  listTemplates,
  loadReplyContext,
  queueReply,
  requestApproval,
  saveTemplate,
  type ReplyApproval,
  type ReplyContext,
  type ReplyTarget,
  type ReplyTemplate,
} from '../../store/index.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { idParams } from '../contract/auth.js';
import { iso, isoOrNull, okBody, responses } from '../contract/common.js';
import { conversationParams } from '../contract/conversations.js';
import {
  approvalListQuery,
  approvalListResponse,
  approvalSchema,
  approveBody,
  rejectBody,
  replyBody,
  replyResponse,
  templateBody,
  templateListResponse,
  templateSchema,
} from '../contract/replies.js';
import { authOf, scopeOf } from '../plugins/authenticate.js';

/** The connector replies on this account go out through; a clear 409 when there is none that can send. */
export async function replyConnector(ctx: ApiContext, channelAccountId: string): Promise<AccountConnector> {
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
  if (!found) throw notConnected("the conversation's channel account was removed");
  return found;
}

const templateOut = (t: ReplyTemplate) => ({ ...t, variables: templateVariables(t.body), updatedAt: iso(t.updatedAt) });
const approvalOut = (a: ReplyApproval) => ({ ...a, reasons: [...a.reasons], createdAt: iso(a.createdAt), decidedAt: isoOrNull(a.decidedAt) });

export async function composeText(ctx: ApiContext, reply: ReplyContext, body: { text?: string | undefined; template?: { name: string; variables: Record<string, string> } | undefined }): Promise<string> {
  let text = body.text;
  if (body.template) {
    const versions = await listTemplates(ctx.database.db, reply.organisationId, body.template.name);
    const version = chooseTemplateVersion(versions, reply.language, reply.settings.defaultLanguage ?? 'en');
    if (!version) throw new NotFoundError('TEMPLATE_NOT_FOUND', `no template named "${body.template.name}"`);
    text = renderTemplate(version.body, {
      'contact.name': reply.contactName ?? undefined,
      'contact.firstName': reply.contactName ? firstName(reply.contactName) : undefined,
      'agent.name': reply.author.name,
      'agent.firstName': firstName(reply.author.name),
      ...body.template.variables,
    });
  }
  // A human name on every public reply; private ones read as a conversation with one person already.
  return reply.isPublic ? signReply(text!, reply.author) : text!;
}

export interface SentReply {
  readonly messageId: string | null;
  readonly approvalId: string | null;
  readonly delivery: { readonly status: 'queued' | 'awaiting-approval' };
  readonly text: string;
  readonly approvalReasons: string[];
}

/** Queues the reply, or holds it for a lead when the approval rules say so; the channel's limits are checked first. */
export async function sendReply(ctx: ApiContext, input: { conversationId: string; scope: ConversationScope; context: ReplyContext; text: string }): Promise<SentReply> {
  const { context, text } = input;
  const { connector, account } = await replyConnector(ctx, context.channelAccountId);
  const check = (target: ReplyTarget) => checkReply({ kind: `${account.kind} account ${account.name}`, limits: connector.limits, text, lastInboundAt: target.lastInboundAt, now: ctx.now() });
  const reasons = approvalReasons({
    isPublic: context.isPublic,
    authorRole: context.author.role,
    authorInTraining: context.author.inTraining,
    traineeApproval: context.settings.publicReplyApproval ?? true,
    crisisTerms: context.crisisTerms,
    tags: context.tags,
    sensitiveTags: context.settings.sensitiveTags ?? DEFAULT_SENSITIVE_TAGS,
  });
  if (reasons.length > 0) {
    // Refuse now what could never be sent, rather than after a lead approved it.
    check({ channelAccountId: context.channelAccountId, channelKind: account.kind, lastInboundAt: null });
    const approval = await requestApproval(ctx.database.db, { organisationId: context.organisationId, conversationId: input.conversationId, authorId: context.author.id, text, reasons });
    return { messageId: null, approvalId: approval.id, delivery: { status: 'awaiting-approval' }, text, approvalReasons: reasons };
  }
  const queued = await queueReply(ctx.database.db, { conversationId: input.conversationId as ConversationId, authorAgentId: context.author.id, text, scope: input.scope, check });
  return { messageId: queued.messageId, approvalId: null, delivery: { status: 'queued' }, text, approvalReasons: [] };
}

export function replyRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    const org = ctx.organisation.id;

    r.post(
      '/api/conversations/:id/replies',
      {
        config: { access: needs('conversations:work') },
        schema: {
          tags: ['replies'],
          summary: "Reply in the conversation's channel (text or template); refused at once when the channel cannot send it; public replies may wait for approval",
          params: conversationParams,
          body: replyBody,
          response: responses({ 202: replyResponse }),
        },
      },
      async (request, reply) => {
        const scope = scopeOf(request);
        const author = authOf(request).agent;
        const context = await loadReplyContext(db, { conversationId: request.params.id, scope, authorId: author.id });
        if (!context) throw new NotFoundError('CONVERSATION_NOT_FOUND', `conversation ${request.params.id} does not exist or is not in your teams`);
        const text = await composeText(ctx, context, request.body);
        return reply.status(202).send(await sendReply(ctx, { conversationId: request.params.id, scope, context, text }));
      },
    );

    r.get(
      '/api/approvals',
      {
        config: { access: needs('conversations:read') },
        schema: { tags: ['replies'], summary: 'Replies waiting for (or decided by) a lead, in your teams', querystring: approvalListQuery, response: responses({ 200: approvalListResponse }) },
      },
      async (request) => ({
        items: (
          await listApprovals(db, {
            organisationId: org,
            scope: scopeOf(request),
            ...(request.query.status ? { status: request.query.status } : {}),
            ...(request.query.conversationId ? { conversationId: request.query.conversationId } : {}),
          })
        ).map(approvalOut),
      }),
    );
    r.post(
      '/api/approvals/:id/approve',
      {
        config: { access: needs('teams:manage') },
        schema: { tags: ['replies'], summary: "Approve a reply (optionally edited); it is sent as the agent's", params: idParams, body: approveBody, response: responses({ 200: approvalSchema }) },
      },
      async (request) => {
        const scope = scopeOf(request);
        const pending = (await listApprovals(db, { organisationId: org, scope })).find((a) => a.id === request.params.id);
        const text = request.body.text ?? pending?.text ?? '';
        let check: ((target: ReplyTarget) => void) | undefined;
        if (pending) {
          const context = await loadReplyContext(db, { conversationId: pending.conversationId, scope, authorId: pending.authorAgentId });
          if (context) {
            const { connector, account } = await replyConnector(ctx, context.channelAccountId);
            check = (target) => checkReply({ kind: `${account.kind} account ${account.name}`, limits: connector.limits, text, lastInboundAt: target.lastInboundAt, now: ctx.now() });
          }
        }
        const decided = await decideApproval(db, {
          id: request.params.id,
          organisationId: org,
          scope,
          deciderId: authOf(request).agent.id,
          decision: { kind: 'approve', text, ...(check ? { check } : {}) },
        });
        return approvalOut(decided);
      },
    );
    r.post(
      '/api/approvals/:id/reject',
      {
        config: { access: needs('teams:manage') },
        schema: { tags: ['replies'], summary: 'Reject a reply with the reason the agent will see', params: idParams, body: rejectBody, response: responses({ 200: approvalSchema }) },
      },
      async (request) =>
        approvalOut(
          await decideApproval(db, { id: request.params.id, organisationId: org, scope: scopeOf(request), deciderId: authOf(request).agent.id, decision: { kind: 'reject', reason: request.body.reason } }),
        ),
    );

    r.get(
      '/api/templates',
      { config: { access: needs('conversations:read') }, schema: { tags: ['replies'], summary: 'Saved reply templates, every language version', response: responses({ 200: templateListResponse }) } },
      async () => ({ items: (await listTemplates(db, org)).map(templateOut) }),
    );
    r.post(
      '/api/templates',
      { config: { access: needs('teams:manage') }, schema: { tags: ['replies'], summary: 'Save a template (one per name and language)', body: templateBody, response: responses({ 201: templateSchema }) } },
      async (request, reply) => reply.status(201).send(templateOut(await saveTemplate(db, org, request.body))),
    );
    r.put(
      '/api/templates/:id',
      { config: { access: needs('teams:manage') }, schema: { tags: ['replies'], summary: 'Change a template', params: idParams, body: templateBody, response: responses({ 200: templateSchema }) } },
      async (request) => templateOut(await saveTemplate(db, org, { ...request.body, id: request.params.id })),
    );
    r.delete(
      '/api/templates/:id',
      { config: { access: needs('teams:manage') }, schema: { tags: ['replies'], summary: 'Delete a template', params: idParams, response: responses({ 200: okBody }) } },
      async (request) => {
        await deleteTemplate(db, org, request.params.id);
        return { ok: true as const };
      },
    );
  };
}
