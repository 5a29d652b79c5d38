// What each inbound-parse provider's decoder returns to the webhook check: forged (401, nothing stored),
// malformed (400 and a dead letter), or a decoded email.
import type { StoredEmail } from './wire-schema.js';

export type ProviderResult =
  | { readonly kind: 'forged'; readonly reason: string }
  | { readonly kind: 'malformed'; readonly reason: string }
  | { readonly kind: 'email'; readonly email: StoredEmail };

/** multipart/form-data or urlencoded body → FormData with undici's parser (Node's own fetch); null if unreadable. */
export async function readForm(raw: Buffer, contentType: string): Promise<FormData | null> {
  try {
    return await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return null;
  }
}

export function formText(form: FormData, name: string): string | null {
  const v = form.get(name);
  return typeof v === 'string' ? v : null;
}

/** The uploaded files of a form, as attachment metadata (the bodies are dropped here, never stored). */
export function formFiles(form: FormData): { readonly field: string; readonly file: File }[] {
  const out: { field: string; file: File }[] = [];
  for (const [field, value] of form.entries()) if (typeof value !== 'string') out.push({ field, file: value });
  return out;
}
