// Meta's shared connector parts for the facebook, instagram and whatsapp kinds (PROTOCOLS.md §2, §3).
export { defineMetaChannel, type MetaKindSpec } from './define.js';
export * from './config-schema.js';
export { sendPageReply } from './send-page-reply.js';
export { sendWhatsappReply } from './send-whatsapp.js';
export { verifyMetaWebhook } from './verify-webhook.js';
export { parseMetaBody, META_OBJECTS, type MetaKind } from './parse-inbound.js';
