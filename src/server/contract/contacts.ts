// A contact with identities on every channel and a timeline across them; merge and split.
import { z } from 'zod';
import { isoTime } from './common.js';

export const contactParams = z.strictObject({ id: z.string().min(1).max(100) });
export const contactQuery = z.strictObject({ timelineLimit: z.coerce.number().int().min(0).max(500).default(100) });
export const contactResponse = z.object({
  id: z.string(),
  displayName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  createdAt: isoTime,
  identities: z.array(
    z.object({
      id: z.string(),
      channelKind: z.string(),
      handle: z.string(),
      displayName: z.string().nullable(),
      followers: z.number().int().nullable(),
      verified: z.boolean(),
    }),
  ),
  conversationIds: z.array(z.string()),
  timeline: z.array(
    z.object({ messageId: z.string(), conversationId: z.string(), channelKind: z.string(), direction: z.string(), text: z.string(), sentAt: isoTime }),
  ),
});
export const mergeBody = z.strictObject({ fromId: z.uuid(), intoId: z.uuid() });
export const splitBody = z.strictObject({ identityId: z.uuid() });
export const splitResponse = z.object({ contactId: z.string() });
