// Postmark inbound webhook (PROTOCOLS.md §9): JSON with the parsed message; the RFC Message-ID, In-Reply-To and
// References are among `Headers`, while From, To, Subject and Date are top-level fields. `MessageID` is Postmark's
// own UUID, not the RFC header. Attachment `Content` (base64) is read past and never stored.
import { fieldsToEmail } from './fields-to-email.js';
import type { ProviderResult } from './inbound-result.js';
import { postmarkInbound } from './wire-schema.js';

export async function decodePostmark(rawBody: Buffer, now: number): Promise<ProviderResult> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(rawBody));
  } catch (err) {
    return { kind: 'malformed', reason: `body: not UTF-8 JSON (${(err as Error).message})` };
  }
  const parsed = postmarkInbound.safeParse(json);
  if (!parsed.success) {
    return { kind: 'malformed', reason: parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; ') };
  }
  const p = parsed.data;
  const block = p.Headers.map((h) => `${h.Name}: ${h.Value.replace(/\r?\n/g, ' ')}`);
  // Postmark leaves these out of Headers; the header path reads them like any other message's.
  block.unshift(`From: ${p.FromFull.Name ? `"${p.FromFull.Name.replace(/"/g, '')}" ` : ''}<${p.FromFull.Email}>`);
  if (p.ToFull.length > 0) block.push(`To: ${p.ToFull.map((t) => t.Email).join(', ')}`);
  block.push(`Subject: ${p.Subject.replace(/\r?\n/g, ' ')}`);
  if (p.Date && !p.Headers.some((h) => h.Name.toLowerCase() === 'date')) block.push(`Date: ${p.Date}`);
  const email = await fieldsToEmail({
    source: 'postmark',
    receivedAt: now,
    headerBlock: block.join('\r\n'),
    text: p.TextBody,
    html: p.HtmlBody,
    attachments: p.Attachments.map((a) => ({ filename: a.Name || null, contentType: a.ContentType, size: a.ContentLength, contentId: a.ContentID || null })),
  });
  if (email.from === null) return { kind: 'malformed', reason: 'FromFull.Email: not an email address' };
  return { kind: 'email', email };
}
