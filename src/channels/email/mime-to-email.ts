// A raw RFC 5322 message → StoredEmail, with mailparser. Runs at the edge (IMAP poll, raw-MIME webhooks), so the
// stored row holds the decoded text and HTML, attachment metadata only, and a delivery report already read.
import { simpleParser, type AddressObject, type Attachment, type HeaderLines } from 'mailparser';
import { parseDeliveryStatus } from './automatic-mail.js';
import { messageIdList, normaliseMessageId, sha256Id } from './message-id.js';
import { reportParts } from './report-parts.js';
import { DECISION_HEADERS, type AttachmentMeta, type EmailSource, type Mailbox, type StoredEmail } from './wire-schema.js';

/** `Name: value` lines → lower-cased name → first unfolded value, for the headers decisions are made on. */
export function decisionHeaders(lines: readonly { readonly key: string; readonly line: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, line } of lines) {
    const name = key.toLowerCase();
    if (!(DECISION_HEADERS as readonly string[]).includes(name) || name in out) continue;
    const at = line.indexOf(':');
    out[name] = line.slice(at + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
  }
  return out;
}

function headerValue(lines: HeaderLines, name: string): string {
  const line = lines.find((l) => l.key.toLowerCase() === name)?.line;
  return line === undefined ? '' : line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
}

function addresses(value: AddressObject | AddressObject[] | undefined): Mailbox[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const out: Mailbox[] = [];
  const walk = (entries: AddressObject['value']) => {
    for (const e of entries) {
      if (e.group) walk(e.group);
      else if (e.address) out.push({ address: e.address.toLowerCase(), name: e.name ?? '' });
    }
  };
  for (const o of objects) walk(o.value);
  return out;
}

function attachmentMeta(a: Attachment): AttachmentMeta {
  return { filename: a.filename ?? null, contentType: a.contentType, size: a.size, contentId: a.contentId ?? null };
}

const isReportPart = (a: Attachment) =>
  ['message/delivery-status', 'message/rfc822', 'text/rfc822-headers', 'message/rfc822-headers'].includes(a.contentType.toLowerCase());

export interface MimeContext {
  readonly source: EmailSource;
  readonly receivedAt: number;
  readonly imap?: StoredEmail['imap'];
}

export async function mimeToEmail(raw: Buffer, ctx: MimeContext): Promise<StoredEmail> {
  const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  const contentType = headerValue(parsed.headerLines, 'content-type') || 'text/plain';
  const isReport = /^multipart\/report/i.test(contentType) && /report-type\s*=\s*"?delivery-status/i.test(contentType);
  const parts = isReport ? reportParts(raw, contentType) : null;
  const report = parts?.status ? parseDeliveryStatus(parts.status, parts.returnedHeaders, normaliseMessageId) : null;
  const from = addresses(parsed.from)[0] ?? null;
  const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.getTime() : null;
  return {
    v: 1,
    source: ctx.source,
    messageId: normaliseMessageId(parsed.messageId),
    fallbackId: sha256Id(raw),
    inReplyTo: messageIdList(parsed.inReplyTo),
    references: messageIdList(parsed.references),
    from,
    replyTo: addresses(parsed.replyTo)[0] ?? null,
    to: [...addresses(parsed.to), ...addresses(parsed.cc)].map((m) => m.address),
    subject: parsed.subject ?? '',
    date,
    receivedAt: ctx.receivedAt,
    headers: decisionHeaders(parsed.headerLines),
    contentType,
    text: parsed.text ?? null,
    html: typeof parsed.html === 'string' ? parsed.html : null,
    // The report's own parts are the report, not attachments the agent should see.
    attachments: parsed.attachments.filter((a) => !(isReport && isReportPart(a))).map(attachmentMeta),
    report,
    ...(ctx.imap ? { imap: ctx.imap } : {}),
  };
}
