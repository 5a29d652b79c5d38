// Settings of the three Meta kinds (Facebook Page, Instagram, WhatsApp Cloud API), credentials named as Meta names
// them, in camelCase. Imports only zod: the web app's connect form uses it through src/server/contract.
import { z } from 'zod';

/** CLI values arrive as strings, API values as booleans; both mean the same switch. */
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).default(false);

const common = {
  /** Signs every webhook POST (X-Hub-Signature-256). */
  appSecret: z.string().min(8, 'expected the Meta app secret'),
  /** Our own string, echoed by Meta in the GET verification handshake. */
  verifyToken: z.string().min(8, 'expected a verify token of at least 8 characters'),
  apiBaseUrl: z.url().default('https://graph.facebook.com'),
  graphVersion: z.string().regex(/^v\d+\.\d+$/, 'expected a Graph API version like v21.0').default('v21.0'),
};

export const facebookConfigSchema = z.object({
  ...common,
  pageId: z.string().regex(/^\d+$/, 'expected the numeric Page id'),
  pageAccessToken: z.string().min(8, 'expected a Page access token'),
  /** Answer Messenger up to 7 days after the customer's last message with the HUMAN_AGENT tag (needs Meta's permission). */
  humanAgentTag: flag,
});

/** Instagram with Facebook Login (graph.facebook.com, Page token) or Instagram Login (apiBaseUrl https://graph.instagram.com). */
export const instagramConfigSchema = z.object({
  ...common,
  igUserId: z.string().regex(/^\d+$/, 'expected the numeric Instagram account id'),
  pageAccessToken: z.string().min(8, 'expected the access token (Page token, or Instagram user token with Instagram Login)'),
  humanAgentTag: flag,
});

export const whatsappConfigSchema = z.object({
  ...common,
  phoneNumberId: z.string().regex(/^\d+$/, 'expected the numeric phone number id'),
  accessToken: z.string().min(8, 'expected a system-user access token'),
  /** An approved template with one body parameter, sent (filled with the reply) when the 24-hour window is closed. */
  templateName: z.string().regex(/^[a-z0-9_]{1,512}$/, 'expected a template name: lower-case letters, digits, _').optional(),
  templateLanguage: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'expected a language code like en_US').default('en_US'),
});

export type FacebookConfig = z.infer<typeof facebookConfigSchema>;
export type InstagramConfig = z.infer<typeof instagramConfigSchema>;
export type WhatsappConfig = z.infer<typeof whatsappConfigSchema>;

export const FACEBOOK_SECRET_KEYS = ['appSecret', 'verifyToken', 'pageAccessToken'] as const;
export const INSTAGRAM_SECRET_KEYS = FACEBOOK_SECRET_KEYS;
export const WHATSAPP_SECRET_KEYS = ['appSecret', 'verifyToken', 'accessToken'] as const;
