// X: Account Activity webhooks (CRC, signed deliveries) for mentions, replies and DMs; mentions and recent search
// polling as the fallback; replies threaded on the post answered, DM replies in the DM conversation.
import type { ChannelDefinition, Connector } from '../connector.js';
import { xConfigSchema, X_SECRET_KEYS, type XConfig } from './config-schema.js';
import { parseXInbound } from './parse-inbound.js';
import { pollStreams, pollX } from './poll.js';
import { sendXReply, testXConnection } from './send-reply.js';
import { verifyXWebhook } from './verify-webhook.js';

export const xChannel: ChannelDefinition<XConfig> = {
  kind: 'x',
  configSchema: xConfigSchema,
  secretKeys: X_SECRET_KEYS,
  // Mentions allow 75 requests / 15 min per app: one a minute leaves room for search and paging.
  pollIntervalMs: 60_000,
  parseInbound: parseXInbound,
  create(ctx): Connector {
    return {
      kind: 'x',
      // 280 is X's weighted limit (URLs count 23); checked here in UTF-16 units, so some long replies fail at X.
      limits: { maxTextLength: 280, messagingWindowMs: null, isPublic: true, threading: 'reply-chain', canReply: true },
      verifyWebhook: (req) => verifyXWebhook(ctx.settings.consumerSecret, req, ctx.now()),
      acknowledge: () => ({ status: 200, contentType: 'application/json', body: '{}' }),
      parseInbound: parseXInbound,
      ...(pollStreams(ctx.settings).length > 0 ? { poll: (cursor: string | null) => pollX(ctx, cursor) } : {}),
      sendReply: (item) => sendXReply(ctx, item),
      testConnection: () => testXConnection(ctx),
    };
  },
};
