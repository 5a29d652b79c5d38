// Settings of an email channel account: one IMAP mailbox in, SMTP out, and the keys that authenticate inbound-parse
// webhooks (Mailgun, Postmark, SendGrid; PROTOCOLS.md §9). Imports only zod: the web app's connect form uses it.
// Values arrive as strings from `earshot channel add … --config key=value`, so numbers and booleans are coerced.
import { z } from 'zod';

const port = z.coerce.number().int().min(1, 'expected a TCP port 1–65535').max(65_535, 'expected a TCP port 1–65535');
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const address = z.email('expected an email address');

export const emailConfigSchema = z
  .object({
    /** IMAP server; without it the account only receives through inbound-parse webhooks. */
    host: z.string().min(1).optional(),
    port: port.default(993),
    user: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    /** TLS from the first byte (port 993); false means plain IMAP, upgraded by STARTTLS when the server offers it. */
    secure: flag.optional(),
    folder: z.string().min(1).default('INBOX'),
    /** Where the SMTP provider files what it sends (Gmail and Microsoft 365 do): lets a timed-out send be looked up. */
    sentFolder: z.string().min(1).optional(),
    /** Longest IDLE before it is renewed (RFC 2177 asks for under 29 minutes); also the fallback poll gap. */
    idleMs: z.coerce.number().int().min(1000).max(29 * 60_000).default(5 * 60_000),
    smtpHost: z.string().min(1).optional(),
    smtpPort: port.default(587),
    smtpUser: z.string().min(1).optional(),
    smtpPassword: z.string().min(1).optional(),
    /** TLS from the first byte (port 465); otherwise STARTTLS when offered. */
    smtpSecure: flag.optional(),
    fromAddress: address.optional(),
    fromName: z.string().min(1).max(200).optional(),
    /** Mailgun "HTTP webhook signing key": HMAC-SHA256 over timestamp + token. */
    mailgunSigningKey: z.string().min(8).optional(),
    /** HTTP Basic credentials put in the Postmark inbound webhook URL (Postmark does not sign). */
    postmarkUser: z.string().min(1).optional(),
    postmarkPassword: z.string().min(8).optional(),
    /** HTTP Basic credentials put in the SendGrid Inbound Parse URL (Inbound Parse is not signed). */
    sendgridUser: z.string().min(1).optional(),
    sendgridPassword: z.string().min(8).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.host !== undefined && (s.user === undefined || s.password === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['user'], message: 'an IMAP host needs user and password' });
    }
    if ((s.smtpHost ?? s.host) === undefined) {
      ctx.addIssue({ code: 'custom', path: ['smtpHost'], message: 'replies need an SMTP server: set smtpHost (or host, which it defaults to)' });
    }
    if (s.fromAddress === undefined && !(s.smtpUser ?? s.user ?? '').includes('@')) {
      ctx.addIssue({ code: 'custom', path: ['fromAddress'], message: 'expected the address replies come from (the user name is not an email address)' });
    }
    if ((s.postmarkUser === undefined) !== (s.postmarkPassword === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['postmarkPassword'], message: 'postmarkUser and postmarkPassword go together' });
    }
    if ((s.sendgridUser === undefined) !== (s.sendgridPassword === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['sendgridPassword'], message: 'sendgridUser and sendgridPassword go together' });
    }
  });

export type EmailConfig = z.infer<typeof emailConfigSchema>;
export const EMAIL_SECRET_KEYS = ['password', 'smtpPassword', 'mailgunSigningKey', 'postmarkPassword', 'sendgridPassword'] as const;

/** The address replies are sent from. */
export function fromAddressOf(s: EmailConfig): string {
  return s.fromAddress ?? s.smtpUser ?? s.user ?? '';
}
