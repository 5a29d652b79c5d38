// One IMAP connection with imapflow, opened per use and closed after: connectors are rebuilt whenever their
// account is reloaded, so a connection kept between calls would leak. Failures become ChannelErrors.
import { ImapFlow } from 'imapflow';
import { ChannelError } from '../../domain/errors.js';
import type { EmailConfig } from './config-schema.js';

export interface ImapTarget {
  readonly settings: EmailConfig;
  readonly timeoutMs: number;
}

/** Auth failures cannot heal by retrying sooner; everything else (network, timeouts, server busy) can. */
export function imapError(what: string, cause: unknown): ChannelError {
  const err = cause as { authenticationFailed?: boolean; serverResponseCode?: string; message?: string; code?: string };
  if (err?.authenticationFailed === true || err?.serverResponseCode === 'AUTHENTICATIONFAILED') {
    return new ChannelError('CHANNEL_AUTH_FAILED', `${what}: the IMAP server refused the user name or password`, { retryable: false, cause });
  }
  const detail = err?.message ?? String(cause);
  return new ChannelError('CHANNEL_UNAVAILABLE', `${what}: ${detail}${err?.code ? ` (${err.code})` : ''}`, { retryable: true, cause });
}

export async function openImap(target: ImapTarget, what: string): Promise<ImapFlow> {
  const s = target.settings;
  if (s.host === undefined || s.user === undefined || s.password === undefined) {
    throw new ChannelError('CHANNEL_CONFIG_INVALID', `${what}: no IMAP host configured`, { retryable: false });
  }
  const client = new ImapFlow({
    host: s.host,
    port: s.port,
    secure: s.secure ?? s.port === 993,
    auth: { user: s.user, pass: s.password },
    logger: false,
    // We decide when to IDLE (poll.ts); auto-IDLE would race our own commands.
    disableAutoIdle: true,
    connectionTimeout: target.timeoutMs,
    greetingTimeout: target.timeoutMs,
  });
  // imapflow reports socket trouble as an 'error' event; unhandled, it would crash the process. The failure
  // reaches the caller through the command that was running (or the next one), so nothing is lost here.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (cause) {
    client.close();
    throw imapError(what, cause);
  }
  return client;
}

/** Logs out politely, or drops the socket if the server does not answer. */
export async function closeImap(client: ImapFlow): Promise<void> {
  if (!client.usable) {
    client.close();
    return;
  }
  try {
    await client.logout();
  } catch {
    // The session is being abandoned either way; a failed LOGOUT leaves nothing half-written.
    client.close();
  }
}
