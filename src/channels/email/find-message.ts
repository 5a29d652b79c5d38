// Finds one message in an IMAP folder by its Message-ID header: the parent a reply answers (for its subject and
// References) and, after a send that timed out, our own reply in the provider's Sent folder.
import type { ImapFlow } from 'imapflow';
import { messageIdList, normaliseMessageId } from './message-id.js';

export interface FoundMessage {
  readonly uid: number;
  readonly subject: string;
  readonly references: readonly string[];
  readonly replyTo: string | null;
}

export async function findByMessageId(client: ImapFlow, folder: string, messageId: string): Promise<FoundMessage | null> {
  await client.mailboxOpen(folder, { readOnly: true });
  // HEADER search is a substring match (RFC 3501 §6.4.4), so each hit is checked for the exact id.
  const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
  if (!uids || uids.length === 0) return null;
  for await (const m of client.fetch(uids.join(','), { uid: true, envelope: true, headers: ['references'] }, { uid: true })) {
    if (normaliseMessageId(m.envelope?.messageId) !== messageId) continue;
    const refs = m.headers ? m.headers.toString('utf8').replace(/^references:/i, '') : '';
    return {
      uid: m.uid,
      subject: m.envelope?.subject ?? '',
      references: messageIdList(refs),
      replyTo: m.envelope?.replyTo?.[0]?.address ?? null,
    };
  }
  return null;
}
