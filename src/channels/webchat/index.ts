// Our own web chat: the widget talks to earshot's chat routes, so "sending" a reply is handing it to the local
// chat transport, which the visitor's open event stream picks up.
import { ChannelError } from '../../domain/errors.js';
import type { ChannelDefinition, Connector } from '../connector.js';
import { webchatConfigSchema, WEBCHAT_SECRET_KEYS, type WebchatConfig } from './config-schema.js';
import { parseChatInbound } from './parse-inbound.js';

export { signVisitorToken, checkVisitorToken, isValidUserHash, type VisitorTokenCheck } from './visitor-token.js';
export { visitorMessage, type StoredChatFrame } from './wire-schema.js';
export { webchatConfigSchema, type WebchatConfig } from './config-schema.js';
export { isOriginAllowed, visitorIdentity, VISITOR_TOKEN_TTL_MS, type VisitorIdentity } from './session.js';

export const webchatChannel: ChannelDefinition<WebchatConfig> = {
  kind: 'webchat',
  configSchema: webchatConfigSchema,
  secretKeys: WEBCHAT_SECRET_KEYS,
  parseInbound: parseChatInbound,
  create(ctx): Connector {
    return {
      kind: 'webchat',
      limits: { maxTextLength: 5000, messagingWindowMs: null, isPublic: false, threading: 'thread-key', canReply: true },
      acknowledge: () => ({ status: 202, contentType: 'application/json', body: '{}' }),
      parseInbound: parseChatInbound,
      async sendReply(item) {
        if (!ctx.deliverLocally) {
          throw new ChannelError('CHANNEL_UNAVAILABLE', 'web chat: this process has no chat transport', { retryable: true });
        }
        const visitorId = item.to.replace(/^visitor:/, '');
        const externalId = await ctx.deliverLocally({ to: visitorId, idempotencyKey: item.idempotencyKey, text: item.text });
        return { kind: 'sent', externalId, status: 'delivered' };
      },
      testConnection: async () => ({ ok: true, detail: `widget allowed on ${ctx.settings.allowedOrigins.join(', ')}` }),
    };
  },
};
