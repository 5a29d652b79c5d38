// Aggregate reports (no conversation content), readable by viewers.
import { z } from 'zod';

export const reportQuery = z.strictObject({
  by: z.enum(['channel', 'account', 'language', 'day']).default('channel'),
  since: z.iso.datetime({ offset: true }),
  until: z.iso.datetime({ offset: true }),
});
export const reportResponse = z.object({
  rows: z.array(
    z.object({
      group: z.string(),
      conversations: z.number(),
      inboundMessages: z.number(),
      answered: z.number(),
      firstResponseP50Seconds: z.number().nullable(),
      firstResponseP90Seconds: z.number().nullable(),
      resolved: z.number(),
      resolutionP50Seconds: z.number().nullable(),
      resolutionP90Seconds: z.number().nullable(),
      sentiment: z.object({ negative: z.number(), neutral: z.number(), positive: z.number() }),
      topIntents: z.array(z.object({ intent: z.string(), messages: z.number() })),
    }),
  ),
});
