// Instagram professional accounts: comments in public, Direct messages in private, through the shared Meta parts.
import { defineMetaChannel, instagramConfigSchema, INSTAGRAM_SECRET_KEYS, sendPageReply, type InstagramConfig } from '../meta/index.js';

export const instagramChannel = defineMetaChannel<InstagramConfig>({
  kind: 'instagram',
  configSchema: instagramConfigSchema,
  secretKeys: INSTAGRAM_SECRET_KEYS,
  // Instagram Direct caps text at 1,000 characters; comments at 2,200. Windows as for Facebook.
  limits: () => ({ maxTextLength: 1000, messagingWindowMs: null, isPublic: true, threading: 'reply-chain', canReply: true }),
  token: (s) => s.pageAccessToken,
  selfPath: (s) => `${s.igUserId}?fields=id,username`,
  send: (t, s, item) => sendPageReply(t, { network: 'Instagram', commentEdge: 'replies', humanAgentTag: s.humanAgentTag }, item),
});
