// SendGrid Inbound Parse (PROTOCOLS.md §9): multipart/form-data with the raw header block in `headers`, `text`,
// `html`, `attachment-info` (JSON) and files `attachment1…`; or, with "POST the raw, full MIME message", the whole
// message in `email`. File bodies are read past and never stored.
import { z } from 'zod';
import { fieldsToEmail } from './fields-to-email.js';
import { formFiles, formText, readForm, type ProviderResult } from './inbound-result.js';
import { mimeToEmail } from './mime-to-email.js';

const attachmentInfo = z.record(z.string(), z.object({ filename: z.string().optional(), name: z.string().optional(), type: z.string().optional(), 'content-id': z.string().optional() }));

export async function decodeSendgrid(rawBody: Buffer, contentType: string, now: number): Promise<ProviderResult> {
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    return { kind: 'malformed', reason: `content type ${contentType || '(none)'}: expected multipart/form-data` };
  }
  const form = await readForm(rawBody, contentType);
  if (form === null) return { kind: 'malformed', reason: 'body: unreadable multipart/form-data' };
  const raw = form.get('email');
  if (raw !== null) {
    const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(await raw.arrayBuffer());
    const email = await mimeToEmail(bytes, { source: 'sendgrid', receivedAt: now });
    return email.from === null ? { kind: 'malformed', reason: 'email: the raw message has no From address' } : { kind: 'email', email };
  }
  const headers = formText(form, 'headers');
  if (headers === null) return { kind: 'malformed', reason: 'headers: missing (and no raw `email` field)' };
  let info: z.infer<typeof attachmentInfo> = {};
  const infoText = formText(form, 'attachment-info');
  if (infoText !== null) {
    try {
      const parsed = attachmentInfo.safeParse(JSON.parse(infoText));
      if (!parsed.success) return { kind: 'malformed', reason: 'attachment-info: expected a JSON object of attachment descriptions' };
      info = parsed.data;
    } catch {
      return { kind: 'malformed', reason: 'attachment-info: not JSON' };
    }
  }
  const email = await fieldsToEmail({
    source: 'sendgrid',
    receivedAt: now,
    headerBlock: headers,
    text: formText(form, 'text'),
    html: formText(form, 'html'),
    attachments: formFiles(form)
      .filter((f) => /^attachment\d+$/.test(f.field))
      .map(({ field, file }) => ({
        filename: info[field]?.filename ?? info[field]?.name ?? (file.name || null),
        contentType: info[field]?.type ?? (file.type || 'application/octet-stream'),
        size: file.size,
        contentId: info[field]?.['content-id'] ?? null,
      })),
  });
  if (email.from === null) return { kind: 'malformed', reason: 'headers: no From address' };
  return { kind: 'email', email };
}
