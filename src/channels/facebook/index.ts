// Facebook Pages: feed comments and visitor posts in public, Messenger in private, through the shared Meta parts.
import { defineMetaChannel, facebookConfigSchema, FACEBOOK_SECRET_KEYS, sendPageReply, type FacebookConfig } from '../meta/index.js';

export const facebookChannel = defineMetaChannel<FacebookConfig>({
  kind: 'facebook',
  configSchema: facebookConfigSchema,
  secretKeys: FACEBOOK_SECRET_KEYS,
  // Messenger's text cap is 2,000 characters (comments allow more). The 24-hour window applies to messages only,
  // not comments, so it is enforced per reply from Meta's refusal rather than as an account-wide limit.
  limits: () => ({ maxTextLength: 2000, messagingWindowMs: null, isPublic: true, threading: 'reply-chain', canReply: true }),
  token: (s) => s.pageAccessToken,
  selfPath: (s) => `${s.pageId}?fields=id,name`,
  send: (t, s, item) => sendPageReply(t, { network: 'Facebook', commentEdge: 'comments', humanAgentTag: s.humanAgentTag }, item),
});
