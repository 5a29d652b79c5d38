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
