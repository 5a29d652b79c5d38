// X payloads (PROTOCOLS.md §1): Account Activity deliveries with v1.1 objects, v2 timelines and search, send
// answers and error bodies. Ids are always read from their string forms (`id_str`, v2 `id`): numeric `id` fields
// exceed 2^53 and lose precision in JSON.parse, so the schemas never look at them.
import { z } from 'zod';

const idString = z.string().regex(/^\d{1,20}$/, 'expected a numeric id as a string');

export const v1User = z.object({
  id_str: idString,
  screen_name: z.string(),
  name: z.string().optional(),
  followers_count: z.number().int().nonnegative().optional(),
  verified: z.boolean().optional(),
  profile_image_url_https: z.string().optional(),
});

export const v1Tweet = z.object({
  id_str: idString,
  text: z.string().optional(),
  extended_tweet: z.object({ full_text: z.string() }).optional(),
  in_reply_to_status_id_str: idString.nullable().optional(),
  timestamp_ms: z.string().regex(/^\d+$/).optional(),
  created_at: z.string().optional(),
  user: v1User,
});

export const v1DmEvent = z.object({
  type: z.string(),
  id: idString,
  created_timestamp: z.string().regex(/^\d+$/),
  message_create: z
    .object({
      sender_id: idString,
      target: z.object({ recipient_id: idString }),
      message_data: z.object({ text: z.string() }),
    })
    .optional(),
});

export const aaaDelivery = z.object({
  for_user_id: idString,
  tweet_create_events: z.array(v1Tweet).optional(),
  direct_message_events: z.array(v1DmEvent).optional(),
  users: z.record(z.string(), z.object({ id: idString, screen_name: z.string(), name: z.string().optional(), followers_count: z.number().optional(), verified: z.boolean().optional(), profile_image_url_https: z.string().optional() })).optional(),
});
export type AaaDelivery = z.infer<typeof aaaDelivery>;

export const v2User = z.object({
  id: idString,
  username: z.string(),
  name: z.string().optional(),
  verified: z.boolean().optional(),
  profile_image_url: z.string().optional(),
  public_metrics: z.object({ followers_count: z.number().int().nonnegative() }).optional(),
});
export type V2User = z.infer<typeof v2User>;

export const v2Tweet = z.object({
  id: idString,
  text: z.string(),
  author_id: idString,
  created_at: z.string().optional(),
  conversation_id: idString.optional(),
  referenced_tweets: z.array(z.object({ type: z.string(), id: idString })).optional(),
});
export type V2Tweet = z.infer<typeof v2Tweet>;

export const v2Page = z.object({
  data: z.array(v2Tweet).optional(),
  includes: z.object({ users: z.array(v2User).optional() }).optional(),
  meta: z.object({ result_count: z.number(), newest_id: idString.optional(), oldest_id: idString.optional(), next_token: z.string().optional() }),
});

/** What a poll stores per post: the post, its author, and the search query that found it (listening). */
export const polledPost = z.object({ source: z.literal('x.v2'), tweet: v2Tweet, author: v2User.optional(), matchedQuery: z.string().optional() });
export type PolledPost = z.infer<typeof polledPost>;

export const v2Error = z.object({ title: z.string().optional(), detail: z.string().optional(), status: z.number().optional() });
export const v1Errors = z.object({ errors: z.array(z.object({ code: z.number().optional(), message: z.string().optional() })) });
export const tweetCreated = z.object({ data: z.object({ id: idString }) });
export const dmCreated = z.object({ data: z.object({ dm_event_id: idString, dm_conversation_id: z.string().optional() }) });
