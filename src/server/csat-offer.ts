// After a private conversation (or a public one the customer took private) is resolved, the customer gets a one-question survey link (1–5 and a comment), when
// the organisation turned surveys on and the channel can still carry a message. A survey that cannot be sent
// (no connector, messaging window closed) is skipped with a log line: resolving never fails because of it.
import type { FastifyRequest } from 'fastify';
import { checkReply } from '../channels/index.js';
import type { ConversationScope } from '../domain/access.js';
import type { AgentId, ConversationId } from '../domain/ids.js';
import { createCsatSurvey, loadReplyContext, queueReply } from '../store/index.js';
import type { ApiContext } from './api-context.js';
import { customerLinkUrl } from './customer-link-url.js';
import { replyConnector } from './routes/replies.js';

const SURVEY_TTL_MS = 14 * 86_400_000;
const DEFAULT_MESSAGE = 'Thanks for contacting us. How did we do? Rate our help from 1 to 5:';

export async function offerCsat(ctx: ApiContext, request: FastifyRequest, input: { conversationId: string; scope: ConversationScope; actorId: AgentId }): Promise<boolean> {
  const context = await loadReplyContext(ctx.database.db, { conversationId: input.conversationId, scope: input.scope, authorId: input.actorId });
  // A public thread is asked only when the customer moved to private with us (a completed handoff): otherwise a
  // survey link under a public post reads as spam to everyone else.
  if (!context || !context.settings.csatSurvey || (context.isPublic && !context.handoffCompleted)) return false;
  try {
    const { connector, account } = await replyConnector(ctx, context.channelAccountId);
    const expiresAt = ctx.now() + SURVEY_TTL_MS;
    const survey = await createCsatSurvey(ctx.database.db, { organisationId: context.organisationId, conversationId: input.conversationId, expiresAt });
    const text = `${context.settings.csatMessage ?? DEFAULT_MESSAGE} ${customerLinkUrl(ctx, request, 'csat', survey.id, expiresAt)}`;
    await queueReply(ctx.database.db, {
      conversationId: input.conversationId as ConversationId,
      authorAgentId: null,
      text,
      check: (target) => checkReply({ kind: `${account.kind} account ${account.name}`, limits: connector.limits, text, lastInboundAt: target.lastInboundAt, now: ctx.now() }),
    });
    return true;
  } catch (err) {
    request.log.info({ err, conversationId: input.conversationId }, 'CSAT survey not sent');
    return false;
  }
}
