// CSV export of conversations and messages (issue 10 §5), produced as a stream of text chunks, one keyset page at a time, so
// memory stays flat whatever the size. Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) are
// prefixed with an apostrophe (OWASP "CSV injection"): tags and names come from customers and agents.
import type { ConversationScope } from '../domain/access.js';
import { readConversationsForExport, readMessagesForExport, type Database, type ExportedConversation, type ExportedMessage } from '../store/index.js';

export const CONVERSATION_CSV_HEADER =
  'id,channel,channel_account,queue,assignee,contact_id,status,priority,public,language,sentiment,tags,messages,first_inbound_at,first_response_at,resolved_at,first_response_seconds,reopen_count';

export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function conversationCsvLine(c: ExportedConversation): string {
  const time = (d: Date | null) => (d === null ? null : d.toISOString());
  const frt = c.firstInboundAt && c.firstResponseAt ? Math.round((c.firstResponseAt.getTime() - c.firstInboundAt.getTime()) / 1000) : null;
  return [
    c.id,
    c.channel,
    c.channelAccount,
    c.queue,
    c.assignee,
    c.contactId,
    c.status,
    c.priority,
    c.isPublic,
    c.language,
    c.sentiment,
    c.tags.join(' '),
    c.messages,
    time(c.firstInboundAt),
    time(c.firstResponseAt),
    time(c.resolvedAt),
    frt,
    c.reopenCount,
  ]
    .map(csvCell)
    .join(',');
}

/** The CSV text, header first, one chunk per page of conversations. */
export async function* exportConversationsCsv(
  database: Database,
  query: { readonly since: Date; readonly until: Date; readonly scope: ConversationScope; readonly pageSize?: number },
): AsyncGenerator<string> {
  yield `${CONVERSATION_CSV_HEADER}\n`;
  for await (const page of readConversationsForExport(database.db, query)) yield `${page.map(conversationCsvLine).join('\n')}\n`;
}

export const MESSAGE_CSV_HEADER = 'id,conversation_id,channel,channel_account,direction,author,sent_at,public,language,sentiment,intent,priority,text';

export function messageCsvLine(m: ExportedMessage): string {
  return [m.id, m.conversationId, m.channel, m.channelAccount, m.direction, m.authorHandle, m.sentAt.toISOString(), m.isPublic, m.language, m.sentiment, m.intent, m.priority, m.text]
    .map(csvCell)
    .join(',');
}

/** Messages sent in the period as CSV text, header first, one chunk per page. */
export async function* exportMessagesCsv(
  database: Database,
  query: { readonly since: Date; readonly until: Date; readonly scope: ConversationScope; readonly pageSize?: number },
): AsyncGenerator<string> {
  yield `${MESSAGE_CSV_HEADER}\n`;
  for await (const page of readMessagesForExport(database.db, query)) yield `${page.map(messageCsvLine).join('\n')}\n`;
}
