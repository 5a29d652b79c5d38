// SMTP out with nodemailer (PROTOCOLS.md §9): every reply carries our own Message-ID, derived from the outbox
// item's idempotency key so retries of one reply share it, and In-Reply-To / References / "Re:" subject from the
// message it answers, so it threads in the customer's mail client. The parent's subject and References are read
// from the IMAP folder; a parent that came by webhook (or was deleted) still gets In-Reply-To and References.
import nodemailer, { type Transporter } from 'nodemailer';
import { ChannelError } from '../../domain/errors.js';
import type { ConnectorContext, OutboundReply, SendOutcome } from '../connector.js';
import { fromAddressOf, type EmailConfig } from './config-schema.js';
import { findByMessageId, type FoundMessage } from './find-message.js';
import { closeImap, openImap } from './imap-client.js';
import { normaliseMessageId, replyMessageId } from './message-id.js';
import { smtpError } from './smtp-error.js';

/** "Re: " once, however many the customer's client stacked up (Re:, RE:, Aw:, Fwd: stay as they are). */
export function replySubject(subject: string): string {
  const base = subject.replace(/^\s*((re|aw|sv|antw)\s*(\[\d+\])?\s*:\s*)+/i, '').trim();
  return base === '' ? 'Re: your message' : `Re: ${base}`;
}

/** References per RFC 5322 §3.6.4: the parent's References, then the parent; long chains keep root and tail. */
export function referencesFor(parentId: string, parentReferences: readonly string[]): string[] {
  const chain = [...parentReferences.filter((r) => r !== parentId), parentId];
  return chain.length > 20 ? [chain[0]!, ...chain.slice(-19)] : chain;
}

async function lookUpParent(ctx: ConnectorContext<EmailConfig>, parentId: string): Promise<FoundMessage | null> {
  if (ctx.settings.host === undefined) return null;
  const client = await openImap(ctx, 'reply threading lookup');
  try {
    return await findByMessageId(client, ctx.settings.folder, parentId);
  } finally {
    await closeImap(client);
  }
}

export function smtpTransport(ctx: ConnectorContext<EmailConfig>): Transporter {
  const s = ctx.settings;
  const user = s.smtpUser ?? s.user;
  const pass = s.smtpPassword ?? s.password;
  return nodemailer.createTransport({
    host: s.smtpHost ?? s.host,
    port: s.smtpPort,
    secure: s.smtpSecure ?? s.smtpPort === 465,
    ...(user !== undefined && pass !== undefined ? { auth: { user, pass } } : {}),
    connectionTimeout: ctx.timeoutMs,
    greetingTimeout: ctx.timeoutMs,
    socketTimeout: ctx.timeoutMs,
  });
}

export async function sendEmailReply(ctx: ConnectorContext<EmailConfig>, item: OutboundReply): Promise<SendOutcome> {
  const s = ctx.settings;
  const from = fromAddressOf(s);
  const messageId = replyMessageId(item.idempotencyKey, from);
  const parentId = normaliseMessageId(item.inReplyToExternalId);
  // A fallback id (`sha256:…`) is ours, not a Message-ID the customer's client knows: nothing to point at.
  const parent = parentId !== null && item.inReplyToExternalId?.startsWith('sha256:') !== true ? parentId : null;
  let found: FoundMessage | null = null;
  if (parent !== null) {
    try {
      found = await lookUpParent(ctx, parent);
    } catch (cause) {
      // Without the subject the reply would start a new thread in the customer's client: better to wait.
      throw cause instanceof ChannelError ? cause : new ChannelError('CHANNEL_UNAVAILABLE', `reply threading lookup: ${(cause as Error).message}`, { retryable: true, cause });
    }
  }
  const references = parent === null ? [] : referencesFor(parent, found?.references ?? []);
  const transport = smtpTransport(ctx);
  try {
    await transport.sendMail({
      from: s.fromName ? { name: s.fromName, address: from } : from,
      to: found?.replyTo ?? item.to,
      subject: replySubject(found?.subject ?? ''),
      messageId,
      ...(parent !== null ? { inReplyTo: parent, references } : {}),
      text: item.text,
      // Asks Exchange and friends not to answer with out-of-office mail (PROTOCOLS.md §9).
      headers: { 'X-Auto-Response-Suppress': 'All' },
    });
  } catch (cause) {
    throw smtpError('SMTP send', cause);
  } finally {
    transport.close();
  }
  return { kind: 'sent', externalId: messageId, status: 'sent' };
}

/**
 * After an attempt that may have gone through (timeout, dropped connection): providers that file what they send
 * (Gmail, Microsoft 365) have our Message-ID in their Sent folder. Without `sentFolder` nobody can tell, and the
 * retry resends with the same Message-ID, which receiving clients collapse into one.
 */
export async function findEmailSent(ctx: ConnectorContext<EmailConfig>, item: OutboundReply): Promise<SendOutcome | null> {
  const sentFolder = ctx.settings.sentFolder;
  if (sentFolder === undefined || ctx.settings.host === undefined) return null;
  const messageId = replyMessageId(item.idempotencyKey, fromAddressOf(ctx.settings));
  const client = await openImap(ctx, 'sent lookup');
  try {
    const found = await findByMessageId(client, sentFolder, messageId);
    return found ? { kind: 'sent', externalId: messageId, status: 'sent' } : null;
  } catch (cause) {
    throw new ChannelError('CHANNEL_UNAVAILABLE', `sent lookup in ${sentFolder}: ${(cause as Error).message}`, { retryable: true, cause });
  } finally {
    await closeImap(client);
  }
}
