// Decides whether an inbound email is a customer's message, an automatic one (out-of-office, list mail, a
// notification) or a bounce (PROTOCOLS.md §9, RFC 3834, RFC 3464). Automatic mail must never open or reopen a
// conversation, or two desks acknowledge each other forever (PROTOCOLS.md §14.6). Pure.
import type { DeliveryReport, StoredEmail } from './wire-schema.js';

export type MailClass =
  | { readonly kind: 'customer' }
  | { readonly kind: 'automatic'; readonly reason: string }
  | { readonly kind: 'bounce'; readonly report: DeliveryReport | null; readonly reason: string };

/** Subjects mail clients put on out-of-office replies when they send none of the headers below. */
const AUTO_REPLY_SUBJECT =
  /^\s*(out of (the )?office|automatic reply|auto(matic)?[- ]?(reply|response)|autoreply|auto:|abwesenheitsnotiz|réponse automatique|respuesta automática|risposta automatica|autosvar|automatisch antwoord)(?![a-z])/i;
const BOUNCE_SENDER = /^(mailer-daemon|postmaster)@/i;
const BOUNCE_SUBJECT = /^\s*(undeliver(ed|able)|delivery status notification \(failure\)|returned mail|mail delivery (failed|system))/i;

function header(email: Pick<StoredEmail, 'headers'>, name: string): string | undefined {
  const v = email.headers[name];
  return v === undefined ? undefined : v.trim();
}

export function classifyMail(email: Pick<StoredEmail, 'headers' | 'from' | 'subject' | 'contentType' | 'report'>): MailClass {
  const type = email.contentType.toLowerCase();
  const sender = email.from?.address ?? '';
  if (email.report !== null || (type.startsWith('multipart/report') && /report-type\s*=\s*"?delivery-status/.test(type))) {
    return { kind: 'bounce', report: email.report, reason: 'delivery status notification (multipart/report)' };
  }
  if (BOUNCE_SENDER.test(sender) && (BOUNCE_SUBJECT.test(email.subject) || header(email, 'x-failed-recipients') !== undefined)) {
    return { kind: 'bounce', report: null, reason: `bounce from ${sender.toLowerCase()}` };
  }

  const autoSubmitted = header(email, 'auto-submitted');
  if (autoSubmitted !== undefined && autoSubmitted.toLowerCase() !== 'no') return { kind: 'automatic', reason: `Auto-Submitted: ${autoSubmitted}` };
  const precedence = header(email, 'precedence')?.toLowerCase();
  if (precedence !== undefined && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return { kind: 'automatic', reason: `Precedence: ${precedence}` };
  const autoreply = header(email, 'x-autoreply');
  if (autoreply !== undefined && autoreply.toLowerCase() === 'yes') return { kind: 'automatic', reason: 'X-Autoreply: yes' };
  if (header(email, 'x-autorespond') !== undefined) return { kind: 'automatic', reason: 'X-Autorespond present' };
  const suppress = header(email, 'x-auto-response-suppress');
  if (suppress !== undefined && suppress !== '') return { kind: 'automatic', reason: `X-Auto-Response-Suppress: ${suppress}` };
  if (header(email, 'list-id') !== undefined) return { kind: 'automatic', reason: 'list mail (List-Id)' };
  if (header(email, 'list-unsubscribe') !== undefined) return { kind: 'automatic', reason: 'list mail (List-Unsubscribe)' };
  const returnPath = header(email, 'return-path');
  if (returnPath !== undefined && returnPath.replace(/\s/g, '') === '<>') return { kind: 'automatic', reason: 'null sender (Return-Path: <>)' };
  if (AUTO_REPLY_SUBJECT.test(email.subject)) return { kind: 'automatic', reason: `out-of-office subject "${email.subject.slice(0, 60)}"` };
  return { kind: 'customer' };
}

/** Reads a `message/delivery-status` body (RFC 3464 §2.2, §2.3): the first recipient's fields. */
export function parseDeliveryStatus(statusText: string, returnedHeaders: string | null, originalMessageId: (v: string) => string | null): DeliveryReport {
  // Unfold continuation lines, then take `Name: value` fields; the per-message block comes first, so the
  // per-recipient fields are the last of each name.
  const fields = new Map<string, string>();
  for (const line of statusText.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (m) fields.set(m[1]!.toLowerCase(), m[2]!.trim());
  }
  const strip = (v: string | undefined) => (v === undefined ? null : v.replace(/^[a-z0-9-]+;\s*/i, ''));
  let original: string | null = null;
  if (returnedHeaders !== null) {
    const m = /^message-id:\s*(.+)$/im.exec(returnedHeaders.replace(/\r?\n[ \t]+/g, ' '));
    if (m) original = originalMessageId(m[1]!);
  }
  return {
    action: fields.get('action')?.toLowerCase() ?? null,
    status: fields.get('status') ?? null,
    finalRecipient: strip(fields.get('final-recipient')),
    diagnostic: strip(fields.get('diagnostic-code')),
    originalMessageId: original,
  };
}
