// SMS and WhatsApp through Twilio: signed form webhooks in, REST sends out, status callbacks as delivery updates.
import type { ChannelDefinition, ChannelLimits, Connector } from '../connector.js';
import { twilioConfigSchema, TWILIO_SECRET_KEYS, type TwilioConfig } from './config-schema.js';
import { parseTwilioInbound } from './parse-inbound.js';
import { findTwilioSent, sendTwilioReply, testTwilioConnection } from './send-reply.js';
import { verifyTwilioWebhook } from './verify-webhook.js';

const DAY_MS = 86_400_000;

function limitsFor(settings: TwilioConfig): ChannelLimits {
  const whatsapp = settings.fromNumber?.startsWith('whatsapp:') ?? false;
  return {
    // 1,600 characters is Twilio's cap for one (concatenated) SMS; WhatsApp allows 4,096.
    maxTextLength: whatsapp ? 4096 : 1600,
    // WhatsApp free-form replies only inside the 24-hour session (PROTOCOLS.md §10).
    messagingWindowMs: whatsapp ? DAY_MS : null,
    isPublic: false,
    threading: 'thread-key',
    canReply: true,
  };
}

export const twilioChannel: ChannelDefinition<TwilioConfig> = {
  kind: 'twilio',
  configSchema: twilioConfigSchema,
  secretKeys: TWILIO_SECRET_KEYS,
  parseInbound: parseTwilioInbound,
  create(ctx): Connector {
    return {
      kind: 'twilio',
      limits: limitsFor(ctx.settings),
      verifyWebhook: (req) => verifyTwilioWebhook(ctx.settings.authToken, req, ctx.now()),
      // Empty TwiML: no automatic reply; answers go through the REST API from the outbox.
      acknowledge: () => ({ status: 200, contentType: 'text/xml', body: '<?xml version="1.0" encoding="UTF-8"?><Response/>' }),
      parseInbound: parseTwilioInbound,
      sendReply: (item) => sendTwilioReply(ctx, item),
      findSent: (item) => findTwilioSent(ctx, item),
      testConnection: () => testTwilioConnection(ctx),
    };
  },
};
