// Messages for export, in keyset pages by id (flat memory on both engines), limited by the scope of their
// conversation like the inbox.
import { sql, type Kysely } from 'kysely';
import type { ConversationScope } from '../domain/access.js';
import { scopeCondition } from './conversation-scope-sql.js';
import type { Schema } from './schema.js';

export interface ExportedMessage {
  readonly id: string;
  readonly conversationId: string;
  readonly channel: string;
  readonly channelAccount: string;
  readonly direction: string;
  readonly authorHandle: string;
  readonly sentAt: Date;
  readonly isPublic: boolean;
  readonly language: string | null;
  readonly sentiment: string | null;
  readonly intent: string | null;
  readonly priority: number | null;
  readonly text: string;
}

/** Messages sent in the period, in id order, one page per query. */
export async function* readMessagesForExport(
  db: Kysely<Schema>,
  query: { readonly since: Date; readonly until: Date; readonly scope: ConversationScope; readonly pageSize?: number },
): AsyncGenerator<readonly ExportedMessage[]> {
  const scope = scopeCondition(query.scope);
  const pageSize = query.pageSize ?? 1000;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const page = await sql<{
      id: string;
      conversation_id: string;
      kind: string;
      account: string;
      direction: string;
      author_handle: string;
      sent_at: Date;
      is_public: boolean;
      language: string | null;
      sentiment: string | null;
      intent: string | null;
      priority: number | null;
      text: string;
    }>`
      select m.id, m.conversation_id, a.kind, a.name as account, m.direction, m.author_handle, m.sent_at, m.is_public, m.language, m.sentiment,
        m.triage->'intent'->>'value' as intent, m.priority, m.text
      from message m
        join conversation c on c.id = m.conversation_id
        join channel_account a on a.id = m.channel_account_id
      where m.id > ${after}::uuid and m.sent_at >= ${query.since} and m.sent_at < ${query.until} and ${scope}
      order by m.id limit ${pageSize}`.execute(db);
    if (page.rows.length === 0) return;
    yield page.rows.map((r) => ({
      id: r.id,
      conversationId: r.conversation_id,
      channel: r.kind,
      channelAccount: r.account,
      direction: r.direction,
      authorHandle: r.author_handle,
      sentAt: new Date(r.sent_at),
      isPublic: r.is_public,
      language: r.language,
      sentiment: r.sentiment,
      intent: r.intent,
      priority: r.priority,
      text: r.text,
    }));
    if (page.rows.length < pageSize) return;
    after = page.rows[page.rows.length - 1]!.id;
  }
}
