// Inbound-parse webhooks at `/hooks/email/<accountId>/<provider>` (mailgun, mailgun/mime, postmark, sendgrid).
// Each provider authenticates its own way (PROTOCOLS.md §9); a provider this account has no key for is refused
// like a forgery. The authenticated delivery is decoded here, at the edge, so what is stored is the email without
// attachment bodies; a bounce goes to the receipt stream, where it marks our reply failed.
import type { RawWebhook, StoredWebhook, VerifyOutcome } from '../connector.js';
import { toStoredWebhook } from '../shared/stored-webhook.js';
import { classifyMail } from './automatic-mail.js';
import { hasBasicAuth } from './basic-auth.js';
import type { EmailConfig } from './config-schema.js';
import type { ProviderResult } from './inbound-result.js';
import { decodeMailgun } from './mailgun-inbound.js';
import { STORED_EMAIL_TYPE } from './parse-inbound.js';
import { decodePostmark } from './postmark-inbound.js';
import { decodeSendgrid } from './sendgrid-inbound.js';
import type { StoredEmail } from './wire-schema.js';

export const EMAIL_WEBHOOK_PROVIDERS = ['mailgun', 'postmark', 'sendgrid'] as const;
export type EmailWebhookProvider = (typeof EMAIL_WEBHOOK_PROVIDERS)[number];

/** The provider named by the path segment after the account id. */
export function providerOf(url: string, accountId: string): EmailWebhookProvider | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const rest = path.split(`/${accountId}/`)[1]?.split('/')[0] ?? '';
  return (EMAIL_WEBHOOK_PROVIDERS as readonly string[]).includes(rest) ? (rest as EmailWebhookProvider) : null;
}

function storedEmailWebhook(email: StoredEmail, url: string, now: number): StoredWebhook {
  return { contentType: STORED_EMAIL_TYPE, body: JSON.stringify(email), bodyEncoding: 'utf8', headers: {}, url, receivedAt: now };
}

async function decode(provider: EmailWebhookProvider, settings: EmailConfig, accountId: string, req: RawWebhook, now: number): Promise<ProviderResult> {
  const contentType = req.headers['content-type'] ?? '';
  switch (provider) {
    case 'mailgun':
      if (settings.mailgunSigningKey === undefined) return { kind: 'forged', reason: 'Mailgun webhooks are not enabled for this account (no mailgunSigningKey)' };
      return decodeMailgun({ signingKey: settings.mailgunSigningKey, accountId, rawBody: req.rawBody, contentType, now });
    case 'postmark':
      if (settings.postmarkUser === undefined || settings.postmarkPassword === undefined) {
        return { kind: 'forged', reason: 'Postmark webhooks are not enabled for this account (no postmarkUser/postmarkPassword)' };
      }
      if (!hasBasicAuth(req.headers['authorization'], settings.postmarkUser, settings.postmarkPassword)) {
        return { kind: 'forged', reason: 'HTTP Basic credentials missing or wrong' };
      }
      return decodePostmark(req.rawBody, now);
    case 'sendgrid':
      if (settings.sendgridUser === undefined || settings.sendgridPassword === undefined) {
        return { kind: 'forged', reason: 'SendGrid webhooks are not enabled for this account (no sendgridUser/sendgridPassword)' };
      }
      if (!hasBasicAuth(req.headers['authorization'], settings.sendgridUser, settings.sendgridPassword)) {
        return { kind: 'forged', reason: 'HTTP Basic credentials missing or wrong' };
      }
      return decodeSendgrid(req.rawBody, contentType, now);
  }
}

export async function verifyEmailWebhook(settings: EmailConfig, accountId: string, req: RawWebhook, now: number): Promise<VerifyOutcome> {
  const provider = providerOf(req.url, accountId);
  if (provider === null) return { kind: 'forged', reason: `unknown provider path: expected /hooks/email/${accountId}/mailgun, /postmark or /sendgrid` };
  if (req.method !== 'POST') return { kind: 'forged', reason: `${req.method}: inbound-parse webhooks are POSTs` };
  const result = await decode(provider, settings, accountId, req, now);
  if (result.kind === 'forged') return result;
  if (result.kind === 'malformed') return { kind: 'malformed', reason: result.reason, payload: toStoredWebhook(req, ['content-type'], now) };
  const email = result.email;
  const payload = storedEmailWebhook(email, req.url, now);
  const id = email.messageId ?? email.fallbackId;
  return classifyMail(email).kind === 'bounce'
    ? { kind: 'verified', stream: 'receipt', dedupeKey: `bounce:${id}`, payload }
    : { kind: 'verified', stream: 'inbound', dedupeKey: id, payload };
}
