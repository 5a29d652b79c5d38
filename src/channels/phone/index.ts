// Phone events from a PBX in Zammad's generic CTI shape: calls on the contact's timeline, missed calls as work.
import { ChannelError } from '../../domain/errors.js';
import type { ChannelDefinition, Connector } from '../connector.js';
import { phoneConfigSchema, PHONE_SECRET_KEYS, type PhoneConfig } from './config-schema.js';
import { parseCtiInbound } from './parse-inbound.js';
import { verifyCtiWebhook } from './verify-webhook.js';

export const phoneChannel: ChannelDefinition<PhoneConfig> = {
  kind: 'phone',
  configSchema: phoneConfigSchema,
  secretKeys: PHONE_SECRET_KEYS,
  parseInbound: parseCtiInbound,
  webhookSuffix: (settings) => `/${settings.token}`,
  create(ctx): Connector {
    return {
      kind: 'phone',
      limits: { maxTextLength: 0, messagingWindowMs: null, isPublic: false, threading: 'thread-key', canReply: false },
      verifyWebhook: (req) => verifyCtiWebhook(ctx.settings.token, req, ctx.now()),
      // Zammad's PBX scripts expect `{}` when there is nothing to do (reject/dial rules are not implemented).
      acknowledge: () => ({ status: 200, contentType: 'application/json', body: '{}' }),
      parseInbound: parseCtiInbound,
      sendReply: () =>
        Promise.reject(new ChannelError('CHANNEL_CANNOT_REPLY', 'phone accounts carry call events only; call the customer back instead', { retryable: false })),
      testConnection: async () => ({ ok: true, detail: 'phone events are pushed by the PBX; nothing to reach' }),
    };
  },
};
