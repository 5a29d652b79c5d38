// Conversations for export, read in keyset pages (by id) so an export of millions of rows holds one page in memory
// at a time on both engines (PGlite has no server-side cursor). No message text: an export is for counting.
import { sql, type Kysely } from 'kysely';
import type { ConversationScope } from '../domain/access.js';
import { scopeCondition } from './conversation-scope-sql.js';
import type { Schema } from './schema.js';

export interface ExportedConversation {
  readonly id: string;
  readonly channel: string;
  readonly channelAccount: string;
  readonly queue: string | null;
  readonly assignee: string | null;
  readonly contactId: string | null;
  readonly status: string;
  readonly priority: number;
  readonly isPublic: boolean;
  readonly language: string | null;
  readonly sentiment: string | null;
  readonly tags: readonly string[];
  readonly messages: number;
  readonly firstInboundAt: Date | null;
  readonly firstResponseAt: Date | null;
  readonly resolvedAt: Date | null;
  readonly reopenCount: number;
}

export interface ConversationExportQuery {
  readonly since: Date;
  readonly until: Date;
  readonly scope: ConversationScope;
  readonly pageSize?: number;
}

/** Conversations whose first customer message falls in the period, in id order, one page per query. */
export async function* readConversationsForExport(db: Kysely<Schema>, query: ConversationExportQuery): AsyncGenerator<readonly ExportedConversation[]> {
  const scope = scopeCondition(query.scope);
  const pageSize = query.pageSize ?? 1000;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const page = await sql<{
      id: string;
      kind: string;
      account: string;
      queue: string | null;
      assignee: string | null;
      contact_id: string | null;
      status: string;
      priority: number;
      is_public: boolean;
      language: string | null;
      sentiment: string | null;
      tags: string[];
      message_count: number;
      first_inbound_at: Date | null;
      first_response_at: Date | null;
      resolved_at: Date | null;
      reopen_count: number;
    }>`
      select c.id, a.kind, a.name as account, q.name as queue, ag.email as assignee, c.contact_id, c.status, c.priority, c.is_public,
        c.language, c.sentiment, c.tags, c.message_count, c.first_inbound_at, c.first_response_at, c.resolved_at, c.reopen_count
      from conversation c
        join channel_account a on a.id = c.channel_account_id
        left join queue q on q.id = c.queue_id
        left join agent ag on ag.id = c.assignee_id
      where c.id > ${after}::uuid and c.first_inbound_at >= ${query.since} and c.first_inbound_at < ${query.until} and ${scope}
      order by c.id limit ${pageSize}`.execute(db);
    if (page.rows.length === 0) return;
    yield page.rows.map((r) => ({
      id: r.id,
      channel: r.kind,
      channelAccount: r.account,
      queue: r.queue,
      assignee: r.assignee,
      contactId: r.contact_id,
      status: r.status,
      priority: r.priority,
      isPublic: r.is_public,
      language: r.language,
      sentiment: r.sentiment,
      tags: r.tags,
      messages: r.message_count,
      firstInboundAt: r.first_inbound_at === null ? null : new Date(r.first_inbound_at),
      firstResponseAt: r.first_response_at === null ? null : new Date(r.first_response_at),
      resolvedAt: r.resolved_at === null ? null : new Date(r.resolved_at),
      reopenCount: r.reopen_count,
    }));
    if (page.rows.length < pageSize) return;
    after = page.rows[page.rows.length - 1]!.id;
  }
}
