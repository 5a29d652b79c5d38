// The widget's frames (PROTOCOLS.md §11): what a visitor posts, and the stored form the pipeline parses.
import { z } from 'zod';

/** UUIDv7 per PROTOCOLS.md §11; any UUID is accepted so older widgets keep working. */
const clientMsgId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a UUID');

/** Body of POST /chat/v1/messages: our own API, so unknown fields are rejected. */
export const visitorMessage = z
  .object({
    clientMsgId,
    body: z.string().min(1).max(5000),
    name: z.string().max(200).optional(),
    email: z.email().max(320).optional(),
  })
  .strict();

/** What the chat route stores in raw_inbound for the pipeline. */
export const storedChatFrame = z.object({
  visitorId: z.string().min(1),
  userId: z.string().optional(),
  clientMsgId: z.string().min(1),
  body: z.string(),
  name: z.string().optional(),
  email: z.string().optional(),
  ts: z.number(),
});
export type StoredChatFrame = z.infer<typeof storedChatFrame>;
