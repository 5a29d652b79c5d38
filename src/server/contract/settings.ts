// Per-organisation settings. Known keys only, so a typo is a 400 rather than a setting nobody reads.
import { z } from 'zod';

export const organisationSettings = z.strictObject({
  displayName: z.string().trim().min(1).max(200).optional(),
  defaultLanguage: z.string().min(2).max(12).optional(),
  timezone: z.string().min(1).max(64).optional(),
  signature: z.string().max(500).optional(),
  publicReplyApproval: z.boolean().optional().describe('Public replies by new agents wait for a lead'),
});
export const settingsResponse = z.object({
  displayName: z.string().optional(),
  defaultLanguage: z.string().optional(),
  timezone: z.string().optional(),
  signature: z.string().optional(),
  publicReplyApproval: z.boolean().optional(),
});
