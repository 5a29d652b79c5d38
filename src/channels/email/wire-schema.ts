// The stored form of one inbound email, whatever brought it (IMAP, Mailgun, Postmark, SendGrid): decoded at the
// edge by mailparser or from the provider's fields, with attachment metadata but never attachment bodies, and read
// back through this schema because stored rows may predate a change. Also the providers' own payloads.
import { z } from 'zod';

export const EMAIL_SOURCES = ['imap', 'mailgun', 'postmark', 'sendgrid'] as const;
export type EmailSource = (typeof EMAIL_SOURCES)[number];

const mailbox = z.object({ address: z.string(), name: z.string() });
export type Mailbox = z.infer<typeof mailbox>;

export const attachmentMeta = z.object({
  filename: z.string().nullable(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  contentId: z.string().nullable(),
});
export type AttachmentMeta = z.infer<typeof attachmentMeta>;

/** What a `multipart/report; report-type=delivery-status` says (RFC 3464), read at the edge. */
export const deliveryReport = z.object({
  action: z.string().nullable(),
  status: z.string().nullable(),
  finalRecipient: z.string().nullable(),
  diagnostic: z.string().nullable(),
  /** Message-ID of the returned message: ours, when a reply bounced. */
  originalMessageId: z.string().nullable(),
});
export type DeliveryReport = z.infer<typeof deliveryReport>;

export const storedEmail = z.object({
  v: z.literal(1),
  source: z.enum(EMAIL_SOURCES),
  /** Normalised `<id@host>`; null when the message had none (then `fallbackId` identifies it). */
  messageId: z.string().nullable(),
  /** `sha256:` of the raw message, or of the provider's fields when no raw message came. */
  fallbackId: z.string(),
  inReplyTo: z.array(z.string()),
  references: z.array(z.string()),
  from: mailbox.nullable(),
  replyTo: mailbox.nullable(),
  to: z.array(z.string()),
  subject: z.string(),
  /** The Date header, epoch ms; null when absent or unreadable. */
  date: z.number().nullable(),
  receivedAt: z.number(),
  /** Lower-cased names; only the headers the parser decides on (automatic mail, bounces), first value each. */
  headers: z.record(z.string(), z.string()),
  contentType: z.string(),
  text: z.string().nullable(),
  html: z.string().nullable(),
  attachments: z.array(attachmentMeta),
  report: deliveryReport.nullable(),
  /** Where IMAP found it; absent for webhooks. */
  imap: z.object({ folder: z.string(), uidValidity: z.string(), uid: z.number().int() }).optional(),
});
export type StoredEmail = z.infer<typeof storedEmail>;

/** Headers kept in `StoredEmail.headers`: what automatic-mail and bounce detection read (PROTOCOLS.md §9). */
export const DECISION_HEADERS = [
  'auto-submitted',
  'precedence',
  'x-autoreply',
  'x-autorespond',
  'x-auto-response-suppress',
  'list-id',
  'list-unsubscribe',
  'return-path',
  'x-failed-recipients',
] as const;

/** Postmark inbound JSON (PROTOCOLS.md §9); unknown fields stripped, the delivery is kept whole anyway. */
export const postmarkInbound = z.object({
  FromFull: z.object({ Email: z.string(), Name: z.string().default('') }),
  ToFull: z.array(z.object({ Email: z.string() })).default([]),
  Subject: z.string().default(''),
  MessageID: z.string().optional(),
  Date: z.string().optional(),
  TextBody: z.string().default(''),
  HtmlBody: z.string().default(''),
  Headers: z.array(z.object({ Name: z.string(), Value: z.string() })).default([]),
  Attachments: z
    .array(z.object({ Name: z.string(), ContentType: z.string(), ContentLength: z.number().int().nonnegative(), ContentID: z.string().default('') }))
    .default([]),
});
export type PostmarkInbound = z.infer<typeof postmarkInbound>;
