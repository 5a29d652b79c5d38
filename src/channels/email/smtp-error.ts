// nodemailer failures → ChannelErrors for the outbox: SMTP 5xx replies are refusals that no retry can fix, 4xx
// replies are "try again later", and a connection that dropped or timed out may or may not have delivered the
// message (the server can commit it just before the answer is lost), so it is retryable and ambiguous.
import { ChannelError } from '../../domain/errors.js';

interface SmtpFailure {
  readonly code?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly command?: string;
  readonly message?: string;
}

export function smtpError(what: string, cause: unknown): ChannelError {
  const err = (typeof cause === 'object' && cause !== null ? cause : {}) as SmtpFailure;
  const reply = err.response?.slice(0, 300) ?? err.message ?? String(cause);
  if (err.code === 'EAUTH' || (err.responseCode !== undefined && err.command?.startsWith('AUTH') === true)) {
    return new ChannelError('CHANNEL_AUTH_FAILED', `${what}: the SMTP server refused the login: ${reply}`, { retryable: false, cause });
  }
  if (err.responseCode !== undefined && err.responseCode >= 500) {
    return new ChannelError('CHANNEL_REJECTED', `${what}: refused (${err.responseCode}${err.command ? ` at ${err.command}` : ''}): ${reply}`, {
      retryable: false,
      cause,
    });
  }
  if (err.responseCode !== undefined && err.responseCode >= 400) {
    return new ChannelError('CHANNEL_UNAVAILABLE', `${what}: deferred (${err.responseCode}${err.command ? ` at ${err.command}` : ''}): ${reply}`, {
      retryable: true,
      cause,
    });
  }
  // No SMTP reply at all: timeout, reset, DNS, TLS. Whether DATA was committed is unknown.
  return new ChannelError('CHANNEL_UNAVAILABLE', `${what}: ${err.message ?? String(cause)}${err.code ? ` (${err.code})` : ''}`, {
    retryable: true,
    cause,
    details: { ambiguous: true },
  });
}
