// Twilio's payloads (PROTOCOLS.md §10): inbound message and status-callback forms, REST answers and error bodies.
// Unknown fields are stripped, never rejected: Twilio adds fields, and the raw delivery is kept anyway.
import { z } from 'zod';

const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-zA-Z]{32}$`), `expected a ${prefix}… sid`);

export const inboundMessageForm = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-zA-Z]{32}$/, 'expected an SM… or MM… sid'),
  AccountSid: sid('AC'),
  From: z.string().min(1),
  To: z.string().min(1),
  Body: z.string().default(''),
  NumMedia: z.coerce.number().int().min(0).max(10).default(0),
  ProfileName: z.string().optional(),
  OriginalRepliedMessageSid: z.string().optional(),
});
export type InboundMessageForm = z.infer<typeof inboundMessageForm>;

export const MESSAGE_STATUSES = [
  'accepted',
  'scheduled',
  'canceled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'read',
  'receiving',
  'received',
] as const;

export const statusCallbackForm = z.object({
  MessageSid: z.string().min(1),
  MessageStatus: z.enum(MESSAGE_STATUSES),
  ErrorCode: z.string().optional(),
  AccountSid: sid('AC'),
});

export const messageResource = z.object({
  sid: z.string().min(1),
  status: z.string(),
  body: z.string().nullable().optional(),
  to: z.string().optional(),
  from: z.string().nullable().optional(),
  date_created: z.string().nullable().optional(),
});

export const messageList = z.object({ messages: z.array(messageResource), next_page_uri: z.string().nullable().optional() });

export const errorBody = z.object({ code: z.number().optional(), message: z.string().optional(), status: z.number().optional() });
