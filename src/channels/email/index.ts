// Email: one IMAP mailbox in (IDLE, UIDVALIDITY-safe cursor), inbound-parse webhooks of Mailgun, Postmark and
// SendGrid, SMTP out with threading headers; automatic mail and bounces never become customer messages.
import type { ChannelDefinition, Connector } from '../connector.js';
import { emailConfigSchema, EMAIL_SECRET_KEYS, type EmailConfig } from './config-schema.js';
import { parseEmailInbound } from './parse-inbound.js';
import { pollImap } from './poll.js';
import { findEmailSent, sendEmailReply } from './send-reply.js';
import { testEmailConnection } from './test-connection.js';
import { verifyEmailWebhook } from './verify-webhook.js';

/** The webhook path a provider is given: the one configured, Mailgun first (CLI prints it). */
function webhookSuffix(s: EmailConfig): string {
  if (s.mailgunSigningKey !== undefined) return '/mailgun';
  if (s.postmarkUser !== undefined) return '/postmark';
  if (s.sendgridUser !== undefined) return '/sendgrid';
  return '';
}

export const emailChannel: ChannelDefinition<EmailConfig> = {
  kind: 'email',
  configSchema: emailConfigSchema,
  secretKeys: EMAIL_SECRET_KEYS,
  // Only used by servers without IDLE; with IDLE the poll itself waits for the server's news.
  pollIntervalMs: 60_000,
  parseInbound: parseEmailInbound,
  webhookSuffix,
  create(ctx): Connector {
    return {
      kind: 'email',
      // Mail has no practical length limit; 100k keeps one reply within what the desk stores for a message.
      limits: { maxTextLength: 100_000, messagingWindowMs: null, isPublic: false, threading: 'reply-chain', canReply: true },
      verifyWebhook: (req) => verifyEmailWebhook(ctx.settings, ctx.channelAccountId, req, ctx.now()),
      // Every provider here only needs a 2xx; Postmark and SendGrid ignore the body.
      acknowledge: () => ({ status: 200, contentType: 'application/json', body: '{}' }),
      parseInbound: parseEmailInbound,
      ...(ctx.settings.host !== undefined ? { poll: (cursor: string | null, signal: AbortSignal) => pollImap(ctx, cursor, signal) } : {}),
      sendReply: (item) => sendEmailReply(ctx, item),
      findSent: (item) => findEmailSent(ctx, item),
      testConnection: () => testEmailConnection(ctx),
    };
  },
};
