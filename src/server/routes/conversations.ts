// GET /api/conversations (filters, full-text search, cursor pages, sorts), /api/conversations/counts and
// GET /api/conversations/:id with messages and triage reasons; all limited to the caller's teams.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { EarshotError, NotFoundError } from '../../domain/errors.js';
import type { EpochMs } from '../../domain/ids.js';
import { slaState } from '../../domain/sla-clock.js';
import type { ResponsePath } from '../../domain/triage-result.js';
import { countConversations, listConversations, loadConversation, type ConversationFilter, type ConversationSummary } from '../../store/index.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { iso, isoOrNull, responses } from '../contract/common.js';
import {
  conversationCountsQuery,
  conversationCountsResponse,
  conversationDetailResponse,
  conversationListQuery,
  conversationListResponse,
  conversationParams,
  triageSchema,
  type ConversationListQuery,
} from '../contract/conversations.js';
import { decodeCursor, encodeCursor } from '../cursor-codec.js';
import { authOf, scopeOf } from '../plugins/authenticate.js';

/** `now` decides each SLA clock's state (running, at risk, breached, met, missed). */
export function conversationOut(c: ConversationSummary, now: EpochMs) {
  const { slaClocks, ...rest } = c;
  return {
    ...rest,
    path: c.path as ResponsePath | null,
    suggestedPath: c.suggestedPath as ResponsePath | null,
    pathReasons: [...c.pathReasons],
    routingReasons: [...c.routingReasons],
    needReasons: [...c.needReasons],
    sla: slaClocks.map((k) => ({ target: k.target, startedAt: iso(k.startedAt), dueAt: iso(k.dueAt), state: slaState(k, now) })),
    tags: [...c.tags],
    firstInboundAt: isoOrNull(c.firstInboundAt),
    firstResponseAt: isoOrNull(c.firstResponseAt),
    lastMessageAt: isoOrNull(c.lastMessageAt),
    slaDueAt: isoOrNull(c.slaDueAt),
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  };
}

function filterOf(request: FastifyRequest, q: Omit<ConversationListQuery, 'sort' | 'limit' | 'cursor'>): ConversationFilter {
  const assignee = q.assignee === 'me' ? authOf(request).agent.id : q.assignee;
  return {
    ...(q.status ? { status: q.status } : {}),
    ...(q.queue ? { queueId: q.queue } : {}),
    ...(q.team ? { teamId: q.team } : {}),
    ...(assignee ? { assigneeId: assignee } : {}),
    ...(q.channelAccount ? { channelAccountId: q.channelAccount } : {}),
    ...(q.channel ? { channelKind: q.channel } : {}),
    ...(q.language ? { language: q.language } : {}),
    ...(q.sentiment ? { sentiment: q.sentiment } : {}),
    ...(q.priorityMin !== undefined ? { priorityMin: q.priorityMin } : {}),
    ...(q.priorityMax !== undefined ? { priorityMax: q.priorityMax } : {}),
    ...(q.tag ? { tag: q.tag } : {}),
    ...(q.since ? { since: Date.parse(q.since) } : {}),
    ...(q.until ? { until: Date.parse(q.until) } : {}),
    ...(q.q ? { q: q.q } : {}),
  };
}

/** The channel's reply rules for the compose box; null when the account has no connector (an imported archive). */
async function replyLimitsOf(ctx: ApiContext, channelAccountId: string) {
  let found;
  try {
    found = await ctx.connectors?.get(channelAccountId);
  } catch (err) {
    if (err instanceof EarshotError && (err.code === 'CHANNEL_KIND_UNKNOWN' || err.code === 'CHANNEL_CONFIG_INVALID')) return null;
    throw err;
  }
  if (!found) return null;
  const { maxTextLength, messagingWindowMs, canReply } = found.connector.limits;
  return { maxTextLength, messagingWindowMs, canReply };
}

export function conversationRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const access = needs('conversations:read');

    r.get(
      '/api/conversations',
      {
        config: { access },
        schema: {
          tags: ['conversations'],
          summary: 'The inbox: filter, search, sort; stable cursor pages',
          querystring: conversationListQuery,
          response: responses({ 200: conversationListResponse }),
        },
      },
      async (request) => {
        const { sort, limit, cursor, ...rest } = request.query;
        const page = await listConversations(ctx.database.db, {
          organisationId: ctx.organisation.id,
          scope: scopeOf(request),
          filter: filterOf(request, rest),
          sort,
          limit,
          ...(cursor ? { cursor: decodeCursor(cursor) } : {}),
        });
        return { items: page.items.map((c) => conversationOut(c, ctx.now())), nextCursor: page.nextCursor ? encodeCursor(page.nextCursor) : null };
      },
    );

    r.get(
      '/api/conversations/counts',
      {
        config: { access },
        schema: { tags: ['conversations'], summary: 'Counts by status for the same filters', querystring: conversationCountsQuery, response: responses({ 200: conversationCountsResponse }) },
      },
      async (request) => {
        const counts = await countConversations(ctx.database.db, { organisationId: ctx.organisation.id, scope: scopeOf(request), filter: filterOf(request, request.query) });
        return { total: counts.total, unassigned: counts.unassigned, byStatus: { ...counts.byStatus } };
      },
    );

    r.get(
      '/api/conversations/:id',
      {
        config: { access },
        schema: {
          tags: ['conversations'],
          summary: 'One conversation with its latest 500 messages and their triage reasons',
          params: conversationParams,
          response: responses({ 200: conversationDetailResponse }),
        },
      },
      async (request) => {
        const detail = await loadConversation(ctx.database.db, { organisationId: ctx.organisation.id, scope: scopeOf(request), id: request.params.id, messageLimit: 500 });
        if (!detail) throw new NotFoundError('CONVERSATION_NOT_FOUND', `conversation ${request.params.id} does not exist or is not in your teams`);
        return {
          conversation: conversationOut(detail.conversation, ctx.now()),
          messages: detail.messages.map((m) => {
            // Stored triage is parsed at this boundary: rows from older model versions may not fit the schema.
            const triage = triageSchema.safeParse(m.triage);
            return { ...m, mentions: [...m.mentions], sentAt: iso(m.sentAt), triage: triage.success ? triage.data : null };
          }),
          activity: detail.activity.map((a) => ({ ...a, payload: { ...a.payload }, at: iso(a.at) })),
          replyLimits: await replyLimitsOf(ctx, detail.conversation.channelAccountId),
        };
      },
    );
  };
}
