// Spike and crisis alerts in the app: the list (newest first) and acknowledging one.
import { z } from 'zod';

export const alertListQuery = z.strictObject({
  open: z.enum(['true', 'false']).default('false').describe('true: unacknowledged alerts only'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const alertParams = z.strictObject({ id: z.uuid() });

export const alertBody = z.object({
  id: z.string(),
  kind: z.enum(['volume', 'negative-share', 'influencer']),
  subjectKind: z.enum(['account', 'intent', 'crisis-term', 'tag', 'author']),
  subject: z.string(),
  startedAt: z.string(),
  observed: z.number(),
  expected: z.number(),
  reason: z.string(),
  exampleMessageIds: z.array(z.string()),
  inboxPath: z.string().describe('Path of the web app inbox filtered to what caused the alert'),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
});
export const alertListResponse = z.object({ items: z.array(alertBody) });
