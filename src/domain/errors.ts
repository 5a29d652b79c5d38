// Every error earshot raises carries a stable code from this one list, so codes can be documented and grepped.
export const ERROR_CODES = [
  'INTERNAL',
  'CONFIG_INVALID',
  'STORE_LOCKED',
  'STORE_UNREACHABLE',
  'STORE_MIGRATION_FAILED',
  'INPUT_INVALID',
  'ROUTE_NOT_FOUND',
  'AUTH_REQUIRED',
  'AUTH_FORBIDDEN',
  'INPUT_TOO_LARGE',
  'INPUT_BAD_ENCODING',
  'IMPORT_FILE_UNREADABLE',
  'IMPORT_FORMAT_UNKNOWN',
  'CONVERSATION_NOT_FOUND',
  'CONVERSATION_ILLEGAL_TRANSITION',
  'CHANNEL_ACCOUNT_NOT_FOUND',
  'CONTACT_NOT_FOUND',
  'JOB_PAYLOAD_INVALID',
  'TRIAGE_MODEL_MISSING',
  'TRIAGE_MODEL_INVALID',
  'WEBHOOK_BAD_SIGNATURE',
  'CHANNEL_RATE_LIMITED',
  'CHANNEL_UNAVAILABLE',
  'CHANNEL_REJECTED',
  'CHANNEL_AUTH_FAILED',
  'CHANNEL_KIND_UNKNOWN',
  'CHANNEL_CONFIG_INVALID',
  'CHANNEL_CANNOT_REPLY',
  'WEBHOOK_MALFORMED',
  'WEBCHAT_TOKEN_INVALID',
  'WEBCHAT_ORIGIN_FORBIDDEN',
  'OUTBOX_NO_RECIPIENT',
  'CHANNEL_ACCOUNT_EXISTS',
  'AUTH_BAD_CREDENTIALS',
  'AUTH_LOCKED',
  'AUTH_RATE_LIMITED',
  'AUTH_SESSION_EXPIRED',
  'AUTH_TOKEN_REVOKED',
  'AUTH_CSRF_FAILED',
  'AUTH_TOKEN_SCOPE',
  'AUTH_SETUP_LINK_INVALID',
  'AUTH_SETUP_DONE',
  'AGENT_EXISTS',
  'AGENT_NOT_FOUND',
  'TEAM_NOT_FOUND',
  'TEAM_EXISTS',
  'QUEUE_NOT_FOUND',
  'QUEUE_EXISTS',
  'API_TOKEN_NOT_FOUND',
  'CONVERSATION_ASSIGNEE_INVALID',
  'CONTACT_MERGE_INVALID',
  'INPUT_UNSUPPORTED_MEDIA_TYPE',
  'SERVER_SHUTTING_DOWN',
  'REPLY_TOO_LONG',
  'REPLY_WINDOW_CLOSED',
  'CHANNEL_NOT_CONNECTED',
  'TEAM_IN_USE',
  'QUEUE_IN_USE',
  'ALERT_NOT_FOUND',
  'WEBHOOK_SUBSCRIPTION_NOT_FOUND',
  'WEBHOOK_DELIVERY_NOT_FOUND',
  'CONVERSATION_ALREADY_CLAIMED',
  'TEMPLATE_VARIABLE_MISSING',
  'TEMPLATE_NOT_FOUND',
  'TEMPLATE_EXISTS',
  'APPROVAL_NOT_FOUND',
  'APPROVAL_DECIDED',
  'LINK_INVALID',
  'LINK_USED',
  'LINK_EXPIRED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class EarshotError extends Error {
  readonly details: unknown;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; details?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = options?.details;
  }
}

/** The caller sent something wrong. */
export class InputError extends EarshotError {}
export class NotFoundError extends EarshotError {}
export class ConflictError extends EarshotError {}
/** The deployment itself is wrong: bad configuration, a locked data dir, an unreachable database. */
export class SetupError extends EarshotError {}

/** The provider refused or failed; retries are driven by `retryable` and `retryAfterMs`. */
export class ChannelError extends EarshotError {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  constructor(
    code: ErrorCode,
    message: string,
    options: { retryable: boolean; retryAfterMs?: number; cause?: unknown; details?: unknown },
  ) {
    super(code, message, options);
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}
