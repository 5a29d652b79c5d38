// The inbox: list filters, sorts and cursors, one conversation with messages and triage reasons, and the
// actions agents take on it.
import { z } from 'zod';
import { RESPONSE_PATHS } from '../../domain/triage-result.js';
import { CONVERSATION_STATUSES } from '../../domain/conversation-status.js';
import { isoTime, nullableIsoTime } from './common.js';

export const CONVERSATION_SORT_VALUES = ['last_activity', 'priority', 'sla_due', 'queue'] as const;

const csvOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(200)
    .transform((s, ctx) => {
      const parts = s.split(',').map((p) => p.trim()).filter(Boolean);
      const bad = parts.filter((p) => !(values as readonly string[]).includes(p));
      if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `expected a comma-separated list of ${values.join(', ')}; got ${bad.join(', ')}` });
      return parts as T[number][];
    });

export const conversationListQuery = z.strictObject({
  status: csvOf(CONVERSATION_STATUSES).optional(),
  queue: z.uuid().optional(),
  team: z.uuid().optional(),
  assignee: z.union([z.literal('none'), z.literal('me'), z.uuid()]).optional(),
  channelAccount: z.uuid().optional(),
  channel: z.string().regex(/^[a-z]{1,20}$/).optional(),
  language: z.string().min(2).max(12).optional(),
  sentiment: z.enum(['negative', 'neutral', 'positive']).optional(),
  priorityMin: z.coerce.number().int().min(0).max(100).optional(),
  priorityMax: z.coerce.number().int().min(0).max(100).optional(),
  tag: z.string().min(1).max(100).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  q: z.string().trim().min(1).max(500).optional().describe('Full-text search over message text'),
  sort: z.enum(CONVERSATION_SORT_VALUES).default('last_activity'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional().describe('nextCursor of the previous page'),
});
export type ConversationListQuery = z.infer<typeof conversationListQuery>;

export const conversationCountsQuery = conversationListQuery.omit({ sort: true, limit: true, cursor: true });

export const conversationSummary = z.object({
  id: z.string(),
  status: z.enum(CONVERSATION_STATUSES),
  priority: z.number().int(),
  queueId: z.string().nullable(),
  teamId: z.string().nullable(),
  assigneeId: z.string().nullable(),
  channelAccountId: z.string(),
  channelKind: z.string(),
  contactId: z.string().nullable(),
  contactName: z.string().nullable(),
  isPublic: z.boolean(),
  language: z.string().nullable(),
  sentiment: z.string().nullable(),
  preview: z.string().nullable().describe("First line of the customer's newest message (at most 160 characters)"),
  intent: z.string().nullable().describe("Triage intent of the customer's newest message"),
  complaint: z.boolean().nullable().describe("Whether triage rated the customer's newest message a complaint"),
  tags: z.array(z.string()),
  messageCount: z.number().int(),
  firstInboundAt: nullableIsoTime,
  firstResponseAt: nullableIsoTime,
  lastMessageAt: nullableIsoTime,
  slaDueAt: nullableIsoTime,
  path: z.enum(RESPONSE_PATHS).nullable().describe('The response-framework path to follow (the agent\'s override, else the suggestion)'),
  suggestedPath: z.enum(RESPONSE_PATHS).nullable(),
  pathReasons: z.array(z.string()),
  pathOverridden: z.boolean(),
  routingReasons: z.array(z.string()).describe('Why it is in its queue: one line per routing rule that matched'),
  needReasons: z.array(z.string()).describe('Why its priority: the fair-queue need score, part by part'),
  ventOfConversationId: z.string().nullable().describe('The earlier ignored contact elsewhere this public post vents about'),
  sla: z.array(
    z.object({
      target: z.enum(['first-response', 'next-response', 'resolution']),
      startedAt: isoTime,
      dueAt: isoTime,
      state: z.enum(['running', 'at-risk', 'breached', 'met', 'missed']),
    }),
  ),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const conversationListResponse = z.object({ items: z.array(conversationSummary), nextCursor: z.string().nullable() });
export const conversationCountsResponse = z.object({ total: z.number().int(), unassigned: z.number().int(), byStatus: z.record(z.string(), z.number().int()) });

const signal = <T extends z.ZodType>(value: T) => z.object({ value, score: z.number(), reasons: z.array(z.string()) });
/** The triage result as stored by the pipeline; rows written by older models that do not parse are shown as null. */
export const triageSchema = z.object({
  modelVersion: z.string(),
  language: signal(z.string()),
  sentiment: signal(z.string()),
  intent: signal(z.string()),
  complaint: signal(z.boolean()),
  urgency: signal(z.number()),
  influence: signal(z.number()),
  priority: signal(z.number()),
  path: signal(z.string()),
  crisis: z.object({ terms: z.array(z.string()) }),
  pii: z.object({ kinds: z.array(z.string()) }),
  tags: z.array(z.string()),
});

export const messageSchema = z.object({
  id: z.string(),
  direction: z.enum(['inbound', 'outbound', 'note']),
  authorHandle: z.string(),
  authorName: z.string().nullable(),
  text: z.string(),
  isPublic: z.boolean(),
  sentAt: isoTime,
  language: z.string().nullable(),
  sentiment: z.string().nullable(),
  priority: z.number().int().nullable(),
  triage: triageSchema.nullable(),
  mentions: z.array(z.string()),
  delivery: z
    .object({ status: z.enum(['queued', 'sending', 'sent', 'delivered', 'failed']), error: z.string().nullable() })
    .nullable()
    .describe('outbound replies only: where the outbox is with it; error says why it failed'),
});

export const replyLimitsSchema = z
  .object({
    maxTextLength: z.number().int(),
    messagingWindowMs: z.number().int().nullable(),
    canReply: z.boolean(),
  })
  .describe("The channel's rules for replies on this conversation; null when its account has no connector (imported archives)");
export const activitySchema = z.object({
  id: z.string(),
  type: z.string().describe('conversation.routed, conversation.assigned, conversation.status_changed, sla.warning, sla.breach, handoff.offered, handoff.completed, csat.received, reply.awaiting_approval …'),
  agentId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  at: isoTime,
});
export const conversationDetailResponse = z.object({
  conversation: conversationSummary,
  messages: z.array(messageSchema),
  activity: z.array(activitySchema).describe('What happened to it, oldest first; with messages, the whole timeline'),
  replyLimits: replyLimitsSchema.nullable(),
});
export const conversationParams = z.strictObject({ id: z.string().min(1).max(100) });

export const assignBody = z.strictObject({ assigneeId: z.uuid().nullable().describe('null unassigns') });
export const statusBody = z.strictObject({ status: z.enum(CONVERSATION_STATUSES) });
const tag = z.string().trim().min(1).max(100).regex(/^[^,\s][^,]*$/, 'expected a tag without commas');
export const tagsBody = z.strictObject({ add: z.array(tag).max(50).default([]), remove: z.array(tag).max(50).default([]) });
export const noteBody = z.strictObject({ text: z.string().trim().min(1).max(20_000) });
export const noteResponse = z.object({ messageId: z.string(), sentAt: isoTime, mentions: z.array(z.string()), unknownMentions: z.array(z.string()) });
export const pathBody = z.strictObject({ path: z.enum(RESPONSE_PATHS).nullable().describe('null returns to the suggestion') });
export const snoozeBody = z.strictObject({ until: z.iso.datetime({ offset: true }).describe('When it comes back to the inbox (the customer writing earlier brings it back too)') });
