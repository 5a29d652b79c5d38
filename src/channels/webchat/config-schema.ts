// Settings of a web chat channel account: which sites may embed the widget, and the optional secret a host site
// uses to assert its logged-in users (PROTOCOLS.md §11).
import { z } from 'zod';

const origin = z.string().regex(/^https?:\/\/[^/\s]+$/, 'expected an origin like https://www.example.com (no path)');

export const webchatConfigSchema = z.object({
  /** Comma-separated on the command line; `*` allows any origin (development only). */
  allowedOrigins: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
    z.array(z.union([origin, z.literal('*')])).min(1, 'expected at least one origin'),
  ),
  /** hex(HMAC-SHA256(siteSecret, userId)) proves a host site's logged-in user. */
  siteSecret: z.string().min(16).optional(),
  title: z.string().max(100).default('Chat with us'),
});

export type WebchatConfig = z.infer<typeof webchatConfigSchema>;
export const WEBCHAT_SECRET_KEYS = ['siteSecret'] as const;
