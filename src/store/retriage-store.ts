// Re-triage after a model update: messages rated by another model version are rated again, in keyset pages so a
// million messages never sit in memory, and their conversations go back to the workflow step (priority, route
// reasons and path follow the new ratings). Each page is one transaction; a stopped run resumes where it left.
import { sql, type Kysely } from 'kysely';
import type { TriageInput, TriageResult } from '../domain/triage-result.js';
import { toPgJson } from './pg-json.js';
import type { Schema } from './schema.js';

export interface RetriagePage {
  readonly rated: number;
  /** Resume after this message id; null when no page was read. */
  readonly lastId: string | null;
}

/** Inbound messages whose stored triage is not from `modelVersion` (all of them with `all`). */
export async function countStaleTriage(db: Kysely<Schema>, input: { modelVersion: string; all: boolean }): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from message
    where direction = 'inbound' and (${input.all} or triage_version is distinct from ${input.modelVersion})`.execute(db);
  return r.rows[0]?.n ?? 0;
}

export async function retriagePage(
  db: Kysely<Schema>,
  input: { modelVersion: string; all: boolean; afterId: string | null; limit: number; triage: (input: TriageInput) => TriageResult },
): Promise<RetriagePage> {
  return db.transaction().execute(async (trx) => {
    const rows = await sql<{ id: string; conversation_id: string; text: string; is_public: boolean; followers: number | null; verified: boolean | null }>`
      select m.id, m.conversation_id, m.text, m.is_public, i.followers, i.verified
      from message m left join contact_identity i on i.id = m.author_identity_id
      where m.direction = 'inbound' and (${input.all} or m.triage_version is distinct from ${input.modelVersion})
        and (${input.afterId}::uuid is null or m.id > ${input.afterId}::uuid)
      order by m.id limit ${input.limit}
      for update of m skip locked`.execute(trx);
    if (rows.rows.length === 0) return { rated: 0, lastId: null };
    const rated = rows.rows.map((r) => {
      const t = input.triage({
        text: r.text,
        isPublic: r.is_public,
        author: { ...(r.followers === null ? {} : { followers: r.followers }), ...(r.verified === null ? {} : { verified: r.verified }) },
      });
      return { id: r.id, triage: t, version: t.modelVersion, language: t.language.value, sentiment: t.sentiment.value, priority: t.priority.value };
    });
    await sql`update message m set triage = v.triage, triage_version = v.version, language = v.language, sentiment = v.sentiment, priority = v.priority
      from jsonb_to_recordset(${toPgJson(rated)}::jsonb) as v(id uuid, triage jsonb, version text, language text, sentiment text, priority int)
      where m.id = v.id`.execute(trx);
    // The inbox row shows the newest customer message's language and sentiment: follow the new ratings.
    await sql`update conversation c set workflow_pending = true, language = coalesce(nullif(l.language, 'unknown'), c.language), sentiment = l.sentiment
      from (select distinct on (conversation_id) conversation_id, language, sentiment from message
            where conversation_id = any(${sql.val([...new Set(rows.rows.map((r) => r.conversation_id))])}::uuid[]) and direction = 'inbound'
            order by conversation_id, sent_at desc) l
      where c.id = l.conversation_id`.execute(trx);
    return { rated: rated.length, lastId: rows.rows[rows.rows.length - 1]!.id };
  });
}
