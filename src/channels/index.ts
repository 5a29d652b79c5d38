// The channels' public surface: the Connector interface, the registry and the helpers other folders may use.
export * from './connector.js';
export { connectableKinds, channelDefinition, requireChannel, validateChannelConfig, type SplitSettings } from './registry.js';
export { checkReply, type ReplyCheck } from './shared/check-reply.js';
export { parseFormBody, formObject, type FormPairs } from './shared/form-body.js';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './shared/backoff.js';
export { parseRateLimit, parseRetryAfter, waitForRateLimit, RATE_LIMIT_HEADERS, type RateLimitState } from './shared/rate-limit.js';
export {
  signVisitorToken,
  checkVisitorToken,
  isValidUserHash,
  visitorMessage,
  webchatConfigSchema,
  isOriginAllowed,
  visitorIdentity,
  VISITOR_TOKEN_TTL_MS,
  type StoredChatFrame,
  type WebchatConfig,
} from './webchat/index.js';
