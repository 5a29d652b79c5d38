// Live events (SSE frames) and presence.
import { z } from 'zod';
import { isoTime } from './common.js';

export const eventsQuery = z.strictObject({ lastEventId: z.string().regex(/^\d{1,19}$/).optional() });

/** The data of one SSE frame; `id` is the event's id for Last-Event-ID (absent for presence). */
export const liveEvent = z.object({
  id: z.string().optional(),
  type: z.string(),
  conversationIds: z.array(z.string()),
  payload: z.record(z.string(), z.unknown()),
  at: isoTime,
});
export type LiveEvent = z.infer<typeof liveEvent>;

export const presenceBody = z.strictObject({ state: z.enum(['viewing', 'typing']) });
export const presenceSchema = z.object({ agentId: z.string(), agentName: z.string(), state: z.enum(['viewing', 'typing', 'left']), expiresAt: isoTime });
export const presenceListResponse = z.object({ items: z.array(presenceSchema) });
