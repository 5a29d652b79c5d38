// Outcome, line-jumping and churn-risk reports (issue 10 §1). Aggregates for report readers; the churn list names
// contacts and conversations, so it follows conversation scope like the inbox.
import { z } from 'zod';

export const periodQuery = z.strictObject({
  since: z.iso.datetime({ offset: true }),
  until: z.iso.datetime({ offset: true }),
});
export const churnQuery = periodQuery.extend({ limit: z.coerce.number().int().min(1).max(500).default(50) });

const rate = z.number().nullable();
export const outcomesResponse = z.object({
  rows: z.array(
    z.object({
      channel: z.string(),
      conversations: z.number(),
      resolved: z.number(),
      reopened: z.number(),
      resolvedAtFirstContact: z.number(),
      publicConversations: z.number(),
      vents: z.number(),
      reopenRate: rate,
      firstContactResolutionRate: rate,
      ventRate: rate,
    }),
  ),
});

const waits = z.object({ conversations: z.number(), answered: z.number(), p50Seconds: z.number().nullable(), p90Seconds: z.number().nullable() });
export const lineJumpingResponse = z.object({
  bands: z.array(z.object({ band: z.enum(['low', 'normal', 'high', 'urgent']), public: waits, private: waits, index: z.number().nullable() })),
  index: z.number().nullable(),
  channelWeights: z.record(z.string(), z.number()),
  reading: z.string(),
});

export const churnResponse = z.object({
  items: z.array(
    z.object({
      contactId: z.string(),
      contactName: z.string().nullable(),
      score: z.number(),
      weightedScore: z.number(),
      customerValue: z.number().nullable(),
      reasons: z.array(z.string()),
      conversationIds: z.array(z.string()),
      channels: z.array(z.string()),
      lastContactAt: z.string(),
    }),
  ),
});
