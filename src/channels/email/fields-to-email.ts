// Inbound-parse providers that split a message into fields (a header block or header list, text, HTML, files)
// → StoredEmail. The headers go through the same mailparser path as a raw message, so ids, addresses and the
// automatic-mail headers are read one way whatever brought the mail.
import { mimeToEmail } from './mime-to-email.js';
import { sha256Id } from './message-id.js';
import type { AttachmentMeta, EmailSource, StoredEmail } from './wire-schema.js';

export interface SplitEmail {
  readonly source: EmailSource;
  readonly receivedAt: number;
  /** `Name: value` lines as received (folded lines allowed). */
  readonly headerBlock: string;
  readonly text: string | null;
  readonly html: string | null;
  readonly attachments: readonly AttachmentMeta[];
  /** Provider fields that fill in what the header block lacks (Postmark puts From/Subject outside Headers). */
  readonly from?: { readonly address: string; readonly name: string };
  readonly subject?: string;
  readonly date?: string;
}

const nonEmpty = (s: string | null) => (s === null || s === '' ? null : s);

export async function fieldsToEmail(split: SplitEmail): Promise<StoredEmail> {
  const block = split.headerBlock.replace(/\r?\n/g, '\r\n').replace(/(\r\n)+$/, '');
  const headersOnly = await mimeToEmail(Buffer.from(`${block}\r\n\r\n`, 'utf8'), { source: split.source, receivedAt: split.receivedAt });
  const text = nonEmpty(split.text);
  const html = nonEmpty(split.html);
  const date = headersOnly.date ?? (split.date !== undefined && !Number.isNaN(Date.parse(split.date)) ? Date.parse(split.date) : null);
  return {
    ...headersOnly,
    from: headersOnly.from ?? (split.from ? { address: split.from.address.toLowerCase(), name: split.from.name } : null),
    subject: headersOnly.subject || (split.subject ?? ''),
    date,
    // No raw message to hash: the identifying fields stand in for it.
    fallbackId: sha256Id(JSON.stringify([block, text, html])),
    text,
    html,
    attachments: [...split.attachments],
  };
}
