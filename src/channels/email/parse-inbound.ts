// A stored email (from IMAP or an inbound-parse webhook) → one customer message, a delivery report, or a refusal.
// Pure. Automatic mail (out-of-office, lists, null sender) is refused with its reason, so it lands as a dead-letter
// row kept for inspection and never opens or reopens a conversation; a bounce is a delivery report on our reply.
import type { InboundMessage } from '../../domain/inbound-message.js';
import type { DeliveryUpdate, ParseOutcome } from '../connector.js';
import { storedBody, storedWebhookSchema } from '../shared/stored-webhook.js';
import { classifyMail } from './automatic-mail.js';
import { htmlToSafeText, tidyText } from './safe-text.js';
import { storedEmail, type AttachmentMeta, type DeliveryReport, type StoredEmail } from './wire-schema.js';

/** Longer bodies are cut: the desk shows conversations, and quoted history can run to megabytes. */
export const EMAIL_TEXT_MAX = 100_000;
/** Marks a StoredWebhook whose body is a StoredEmail decoded at the edge (webhooks). */
export const STORED_EMAIL_TYPE = 'application/vnd.earshot.email+json';

const zodReason = (issues: readonly { path: readonly PropertyKey[]; message: string }[]): string =>
  issues.map((i) => `${i.path.map(String).join('.') || 'email'}: ${i.message}`).join('; ');

function readStored(payload: unknown): StoredEmail | string {
  let candidate = payload;
  const hook = storedWebhookSchema.safeParse(payload);
  if (hook.success) {
    if (hook.data.contentType !== STORED_EMAIL_TYPE) return `stored webhook: content type ${hook.data.contentType}, expected ${STORED_EMAIL_TYPE}`;
    try {
      candidate = JSON.parse(storedBody(hook.data).toString('utf8'));
    } catch (err) {
      return `stored webhook: body is not JSON (${(err as Error).message})`;
    }
  }
  const parsed = storedEmail.safeParse(candidate);
  return parsed.success ? parsed.data : `stored email: ${zodReason(parsed.error.issues)}`;
}

const describeSize = (n: number) => (n >= 1_048_576 ? `${(n / 1_048_576).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} kB` : `${n} B`);
const attachmentLine = (a: AttachmentMeta) => `[attachment ${a.filename ?? '(unnamed)'} (${a.contentType}, ${describeSize(a.size)})]`;

/** The body the agent reads: the sender's own plain part, else their HTML made safe; attachments named after it. */
export function bodyText(email: Pick<StoredEmail, 'text' | 'html' | 'attachments'>): string {
  const body = email.text !== null && email.text.trim() !== '' ? tidyText(email.text) : email.html !== null ? htmlToSafeText(email.html) : '';
  // Inline images referenced from the HTML are part of the layout, not files the customer sent.
  const files = email.attachments.filter((a) => !(a.contentId !== null && a.contentType.startsWith('image/') && email.html?.includes(`cid:${a.contentId.replace(/[<>]/g, '')}`)));
  const text = [body, ...files.map(attachmentLine)].filter((s) => s.length > 0).join('\n');
  if (text.length === 0) return '(empty message)';
  return text.length > EMAIL_TEXT_MAX ? `${text.slice(0, EMAIL_TEXT_MAX)}\n[… cut at ${EMAIL_TEXT_MAX} characters]` : text;
}

function bounceUpdate(report: DeliveryReport | null): DeliveryUpdate[] {
  // A `delayed` report is news, not failure: the MTA keeps trying (RFC 3464 §2.3.3).
  if (report === null || report.originalMessageId === null || report.action === 'delayed') return [];
  const detail = [report.status, report.diagnostic].filter((s) => s !== null).join(' ');
  return [{ externalId: report.originalMessageId, status: 'failed', reason: `bounced${report.finalRecipient ? ` by ${report.finalRecipient}` : ''}${detail ? `: ${detail}` : ''}` }];
}

export function parseEmailInbound(payload: unknown): ParseOutcome {
  const email = readStored(payload);
  if (typeof email === 'string') return { kind: 'invalid', reason: email };
  const mail = classifyMail(email);
  if (mail.kind === 'bounce') return { kind: 'ok', messages: [], deliveryUpdates: bounceUpdate(mail.report) };
  if (mail.kind === 'automatic') return { kind: 'invalid', reason: `automatic mail, not a customer message: ${mail.reason}` };
  if (email.from === null) return { kind: 'invalid', reason: 'From: missing or without an address' };

  const externalId = email.messageId ?? email.fallbackId;
  // In-Reply-To first, then References from last to first (PROTOCOLS.md §9); the thread key is the thread's root,
  // so a reply still finds the conversation when its direct parent never reached us.
  const parent = email.inReplyTo[0] ?? email.references.at(-1);
  const root = email.references[0] ?? email.inReplyTo[0] ?? externalId;
  const message: InboundMessage = {
    externalId,
    ...(parent !== undefined && parent !== externalId ? { inReplyToExternalId: parent } : {}),
    threadKey: `mail:${root}`,
    direction: 'inbound',
    author: {
      handle: email.from.address,
      ...(email.from.name ? { displayName: email.from.name } : {}),
    },
    text: bodyText(email),
    // Provider time when the Date header is sane; a far-future Date must not sort the message first for days.
    sentAt: email.date !== null && email.date <= email.receivedAt + 86_400_000 ? email.date : email.receivedAt,
    isPublic: false,
  };
  return { kind: 'ok', messages: [message], deliveryUpdates: [] };
}
