// Settings of an X account, credentials named as X names them, in camelCase. Imports only zod: the web app's
// connect form uses it through src/server/contract.
import { z } from 'zod';

const flag = (fallback: boolean) => z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).default(fallback);

export const xConfigSchema = z.object({
  /** API key and secret; the secret also keys the webhook CRC and signatures. */
  consumerKey: z.string().min(10, 'expected the API key (consumer key)'),
  consumerSecret: z.string().min(10, 'expected the API key secret (consumer secret)'),
  /** User-context OAuth 1.0a tokens of the account that answers: replies and DMs. */
  accessToken: z.string().min(10, 'expected the access token of the answering account'),
  accessTokenSecret: z.string().min(10, 'expected the access token secret'),
  /** App-only bearer token: mentions and recent search polling. */
  bearerToken: z.string().min(10, 'expected the app-only bearer token'),
  /** Our own account's numeric id, as a string: whose mentions to poll, and whose posts are not customer messages. */
  userId: z.string().regex(/^\d{1,20}$/, 'expected the numeric user id of the account'),
  /** Poll the mentions timeline (the fallback when Account Activity webhooks are not available). */
  pollMentions: flag(true),
  /** An X search query (`"acme" OR acmebank -is:retweet`) polled through recent search, for unbranded mentions. */
  searchQuery: z.string().min(1).max(1024).optional(),
  apiBaseUrl: z.url().default('https://api.x.com'),
});

export type XConfig = z.infer<typeof xConfigSchema>;
export const X_SECRET_KEYS = ['consumerSecret', 'accessToken', 'accessTokenSecret', 'bearerToken'] as const;
