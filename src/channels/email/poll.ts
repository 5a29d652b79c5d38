// IMAP in (PROTOCOLS.md §9): each call opens the folder, reads what arrived after the cursor, and when there is
// nothing waits in IDLE (RFC 2177) for the server to announce new mail, so a message reaches the desk within about
// a second of delivery. Servers without IDLE are polled at the channel's interval instead.
import type { ImapFlow } from 'imapflow';
import { ChannelError } from '../../domain/errors.js';
import type { ConnectorContext, PollPage } from '../connector.js';
import type { EmailConfig } from './config-schema.js';
import { closeImap, imapError, openImap } from './imap-client.js';
import { readImapCursor, resumeUid, writeImapCursor } from './imap-cursor.js';
import { mimeToEmail } from './mime-to-email.js';

/** Messages per page: one page is one store transaction, and a big mailbox's first scan runs in many. */
export const IMAP_PAGE_SIZE = 25;

interface Found {
  readonly items: PollPage['items'];
  readonly lastUid: number;
  readonly more: boolean;
}

/** UIDs above `lastUid`, oldest first, then their sources, at most one page. */
async function fetchAfter(client: ImapFlow, ctx: ConnectorContext<EmailConfig>, uidValidity: string, lastUid: number): Promise<Found> {
  const folder = ctx.settings.folder;
  const mailbox = client.mailbox;
  if (mailbox === false || mailbox.exists === 0) return { items: [], lastUid, more: false };
  const uids: number[] = [];
  // `n:*` always includes the highest message even when its UID is below n, so filter (PROTOCOLS.md §9).
  for await (const m of client.fetch(`${lastUid + 1}:*`, { uid: true }, { uid: true })) if (m.uid > lastUid) uids.push(m.uid);
  uids.sort((a, b) => a - b);
  const batch = uids.slice(0, IMAP_PAGE_SIZE);
  if (batch.length === 0) return { items: [], lastUid, more: false };
  const items: { dedupeKey: string; payload: unknown }[] = [];
  // BODY.PEEK[] (imapflow's `source`) leaves \Seen alone, so the mailbox still shows what a person has not read.
  for await (const m of client.fetch(batch.join(','), { uid: true, source: true, internalDate: true }, { uid: true })) {
    if (!m.source) continue;
    const arrived = m.internalDate instanceof Date ? m.internalDate.getTime() : ctx.now();
    const email = await mimeToEmail(m.source, { source: 'imap', receivedAt: arrived, imap: { folder, uidValidity, uid: m.uid } });
    // Message-ID is the identity, not the UID: after a UIDVALIDITY change or in Gmail's label folders the same
    // message has other UIDs (PROTOCOLS.md §14.7).
    items.push({ dedupeKey: email.messageId ?? email.fallbackId, payload: email });
  }
  return { items, lastUid: batch[batch.length - 1]!, more: uids.length > batch.length };
}

/** Resolves on new mail (`EXISTS`), on abort, when the connection drops, or after `idleMs`; then leaves IDLE. */
async function idleForNews(client: ImapFlow, idleMs: number, signal: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const wake = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, idleMs);
    onAbort = () => resolve();
    signal.addEventListener('abort', onAbort);
    client.once('exists', () => resolve());
    client.once('close', () => resolve());
  });
  const idling = client.idle();
  await Promise.race([wake, idling]);
  clearTimeout(timer);
  if (onAbort) signal.removeEventListener('abort', onAbort);
  // Any command ends IDLE (imapflow sends DONE first); NOOP also collects the EXISTS that woke us.
  if (client.usable) await client.noop();
  await idling;
}

export async function pollImap(ctx: ConnectorContext<EmailConfig>, cursor: string | null, signal: AbortSignal): Promise<PollPage> {
  const folder = ctx.settings.folder;
  const client = await openImap(ctx, `IMAP poll of ${folder}`);
  try {
    const mailbox = await client.mailboxOpen(folder, { readOnly: true });
    const uidValidity = String(mailbox.uidValidity);
    const previous = readImapCursor(cursor);
    let lastUid = resumeUid(previous, folder, uidValidity);
    let found = await fetchAfter(client, ctx, uidValidity, lastUid);
    const canIdle = client.capabilities.has('IDLE');
    if (found.items.length === 0 && found.lastUid === lastUid && canIdle && !signal.aborted) {
      await idleForNews(client, ctx.settings.idleMs, signal);
      if (!signal.aborted) found = await fetchAfter(client, ctx, uidValidity, lastUid);
    }
    lastUid = found.lastUid;
    return {
      items: found.items,
      nextCursor: writeImapCursor({ v: 1, folder, uidValidity, lastUid }),
      // With IDLE the next call waits on the server itself, so the worker need not sleep between calls.
      caughtUp: !found.more && !canIdle,
    };
  } catch (cause) {
    throw cause instanceof ChannelError ? cause : imapError(`IMAP poll of ${folder}`, cause);
  } finally {
    await closeImap(client);
  }
}
