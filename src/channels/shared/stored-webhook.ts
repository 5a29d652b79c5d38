// Turning a verified delivery into the JSON that is stored and parsed later, without losing a byte: UTF-8 bodies
// as text, anything else as base64; and reading it back, zod-checked because stored rows may predate a change.
import { z } from 'zod';
import type { RawWebhook, StoredWebhook } from '../connector.js';

export function isUtf8(raw: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(raw);
    return true;
  } catch {
    return false;
  }
}

export function toStoredWebhook(req: RawWebhook, keepHeaders: readonly string[], receivedAt: number): StoredWebhook {
  const utf8 = isUtf8(req.rawBody);
  const headers: Record<string, string> = {};
  for (const name of keepHeaders) {
    const v = req.headers[name];
    if (v !== undefined) headers[name] = v;
  }
  return {
    contentType: req.headers['content-type'] ?? '',
    body: utf8 ? req.rawBody.toString('utf8') : req.rawBody.toString('base64'),
    bodyEncoding: utf8 ? 'utf8' : 'base64',
    headers,
    url: req.url,
    receivedAt,
  };
}

export const storedWebhookSchema = z.object({
  contentType: z.string(),
  body: z.string(),
  bodyEncoding: z.enum(['utf8', 'base64']),
  headers: z.record(z.string(), z.string()),
  url: z.string(),
  receivedAt: z.number(),
});

export function storedBody(stored: z.infer<typeof storedWebhookSchema>): Buffer {
  return stored.bodyEncoding === 'utf8' ? Buffer.from(stored.body, 'utf8') : Buffer.from(stored.body, 'base64');
}
