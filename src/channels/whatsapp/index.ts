// WhatsApp Cloud API: customer messages and delivery statuses by webhook, replies from the business number,
// through the shared Meta parts.
import { defineMetaChannel, sendWhatsappReply, whatsappConfigSchema, WHATSAPP_SECRET_KEYS, type WhatsappConfig } from '../meta/index.js';

const DAY_MS = 86_400_000;

export const whatsappChannel = defineMetaChannel<WhatsappConfig>({
  kind: 'whatsapp',
  configSchema: whatsappConfigSchema,
  secretKeys: WHATSAPP_SECRET_KEYS,
  // With an approved template configured a reply can always go out (as the template after 24 hours), so the
  // composer need not stop the agent; without one, free-form only inside the 24-hour window.
  limits: (s) => ({ maxTextLength: 4096, messagingWindowMs: s.templateName ? null : DAY_MS, isPublic: false, threading: 'thread-key', canReply: true }),
  token: (s) => s.accessToken,
  selfPath: (s) => `${s.phoneNumberId}?fields=display_phone_number,verified_name`,
  send: (t, s, item) =>
    sendWhatsappReply(t, { phoneNumberId: s.phoneNumberId, template: s.templateName ? { name: s.templateName, language: s.templateLanguage } : null }, item),
});
