// Channel accounts: settings readable, credentials write-only (the response has no field that could hold them).
import { z } from 'zod';
import { isoTime } from './common.js';

export const channelAccountSchema = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  settings: z.record(z.string(), z.unknown()),
  hasSecrets: z.boolean(),
  createdAt: isoTime,
});
export const channelAccountListResponse = z.object({ items: z.array(channelAccountSchema) });
export const channelAccountCreateBody = z.strictObject({
  kind: z.string().regex(/^[a-z]{1,20}$/),
  name: z.string().trim().min(1).max(200),
  config: z.record(z.string().max(100), z.unknown()).describe("Settings and credentials; the channel's schema decides which keys are secret"),
});
export const channelAccountRemoveResponse = z.object({ outcome: z.enum(['deleted', 'retired']) });
