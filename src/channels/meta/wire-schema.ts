// Meta's webhook and Graph payloads (PROTOCOLS.md §2, §3). Unknown fields are stripped, never rejected: Meta adds
// fields all the time and the raw delivery is kept anyway. Ids are strings on the wire and stay strings.
import { z } from 'zod';

const id = z.string().min(1);

export const metaEnvelope = z.object({
  object: z.string(),
  entry: z.array(
    z.object({
      id,
      time: z.number().optional(),
      changes: z.array(z.object({ field: z.string(), value: z.unknown() })).optional(),
      messaging: z.array(z.unknown()).optional(),
    }),
  ),
});
export type MetaEnvelope = z.infer<typeof metaEnvelope>;
export type MetaEntry = MetaEnvelope['entry'][number];

/** Page `feed` change: comments, visitor posts, reactions; `verb` add|edited|remove. */
export const feedValue = z.object({
  item: z.string(),
  verb: z.string(),
  comment_id: id.optional(),
  post_id: id.optional(),
  parent_id: id.optional(),
  from: z.object({ id, name: z.string().optional() }).optional(),
  message: z.string().optional(),
  created_time: z.number().optional(),
});

/** Instagram `comments` change. */
export const igCommentValue = z.object({
  id,
  text: z.string().default(''),
  parent_id: id.optional(),
  from: z.object({ id, username: z.string().optional() }),
  media: z.object({ id, media_product_type: z.string().optional() }).optional(),
});

const attachment = z.object({ type: z.string(), payload: z.object({ url: z.string().optional(), title: z.string().optional() }).optional() });

/** One Messenger / Instagram Direct event. */
export const messagingEvent = z.object({
  sender: z.object({ id }),
  recipient: z.object({ id }),
  timestamp: z.number(),
  message: z
    .object({
      mid: id,
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      is_deleted: z.boolean().optional(),
      reply_to: z.object({ mid: id.optional() }).optional(),
      attachments: z.array(attachment).optional(),
    })
    .optional(),
  delivery: z.object({ mids: z.array(id).optional(), watermark: z.number() }).optional(),
  read: z.object({ watermark: z.number() }).optional(),
});

const media = z.object({ id: z.string().optional(), caption: z.string().optional(), mime_type: z.string().optional(), filename: z.string().optional() });

export const waMessage = z.object({
  id,
  from: z.string().optional(),
  /** Business-scoped user id (2026): `CC.<alnum>`; may come without a phone number. */
  user_id: z.string().optional(),
  timestamp: z.string().regex(/^\d+$/, 'expected Unix seconds as a string'),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  context: z.object({ id: z.string().optional(), from: z.string().optional() }).optional(),
  image: media.optional(),
  video: media.optional(),
  audio: media.optional(),
  document: media.optional(),
  sticker: media.optional(),
  button: z.object({ text: z.string() }).optional(),
  interactive: z
    .object({ button_reply: z.object({ title: z.string() }).optional(), list_reply: z.object({ title: z.string() }).optional() })
    .optional(),
  location: z.object({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() }).optional(),
});

export const waStatus = z.object({
  id,
  status: z.string(),
  timestamp: z.string().optional(),
  recipient_id: z.string().optional(),
  errors: z.array(z.object({ code: z.number(), title: z.string().optional(), message: z.string().optional() })).optional(),
});

export const waValue = z.object({
  messaging_product: z.literal('whatsapp'),
  metadata: z.object({ display_phone_number: z.string(), phone_number_id: id }),
  contacts: z
    .array(z.object({ profile: z.object({ name: z.string().optional() }).optional(), wa_id: z.string().optional(), user_id: z.string().optional() }))
    .optional(),
  messages: z.array(waMessage).optional(),
  statuses: z.array(waStatus).optional(),
});

export const graphError = z.object({
  error: z.object({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

export const sendApiAnswer = z.object({ recipient_id: z.string().optional(), message_id: id });
export const createdObject = z.object({ id });
export const waSendAnswer = z.object({ messages: z.array(z.object({ id })).min(1) });
