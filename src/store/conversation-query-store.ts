// The inbox: conversations filtered, searched, counted and paged for one agent's scope, and one conversation
// with its messages. Over 250 lines because list, counts and detail share the filter SQL and row mapping.
//
// Pagination is keyset with a snapshot: the first page fixes `asOf` (the database clock). Later pages order rows
// changed after `asOf` by their sort key *as it was at `asOf`* (recomputed from messages stored by then), and
// leave out conversations created after it, so a conversation that jumps to the top because a message arrived
// is neither repeated (already shown) nor skipped (not yet shown). New conversations reach the client by live
// events. Filters are evaluated on current values.
import type { SlaClock } from '../domain/sla-clock.js';
import type { OutboxStatus } from './outbox-store.js';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ConversationScope } from '../domain/access.js';
import type { ConversationStatus } from '../domain/conversation-status.js';
import { InputError } from '../domain/errors.js';
import type { AgentId, ChannelAccountId, ContactId, ConversationId, EpochMs, MessageId, QueueId, TeamId } from '../domain/ids.js';
import { isUuid } from './agent-store.js';
import { scopeCondition } from './conversation-scope-sql.js';
import type { Schema } from './schema.js';

export const CONVERSATION_SORTS = ['last_activity', 'priority', 'sla_due', 'queue'] as const;
export type ConversationSort = (typeof CONVERSATION_SORTS)[number];

export interface ConversationFilter {
  readonly status?: readonly ConversationStatus[];
  readonly queueId?: string;
  readonly teamId?: string;
  /** An agent id, or 'none' for unassigned. */
  readonly assigneeId?: string;
  readonly channelAccountId?: string;
  readonly channelKind?: string;
  readonly language?: string;
  readonly sentiment?: string;
  readonly priorityMin?: number;
  readonly priorityMax?: number;
  readonly tag?: string;
  /** Last activity at or after / before. */
  readonly since?: EpochMs;
  readonly until?: EpochMs;
  /** Full-text search over message text (PostgreSQL `websearch_to_tsquery`, 'simple' configuration). */
  readonly q?: string;
}

/** Where the next page starts; opaque to clients. `key` is the sort value as text (exact timestamp or integer). */
export interface ConversationCursor {
  readonly sort: ConversationSort;
  readonly key: string;
  readonly id: string;
  readonly asOf: string;
}

export interface ConversationSummary {
  readonly id: ConversationId;
  readonly status: ConversationStatus;
  readonly priority: number;
  readonly queueId: QueueId | null;
  readonly teamId: TeamId | null;
  readonly assigneeId: AgentId | null;
  readonly channelAccountId: ChannelAccountId;
  readonly channelKind: string;
  readonly contactId: ContactId | null;
  readonly contactName: string | null;
  readonly isPublic: boolean;
  readonly language: string | null;
  readonly sentiment: string | null;
  /** First line of the customer's newest message (at most 160 characters), for the inbox row. */
  readonly preview: string | null;
  /** Intent and complaint of the customer's newest message, as triage rated it. */
  readonly intent: string | null;
  readonly complaint: boolean | null;
  readonly tags: readonly string[];
  readonly messageCount: number;
  readonly firstInboundAt: EpochMs | null;
  readonly firstResponseAt: EpochMs | null;
  readonly lastMessageAt: EpochMs | null;
  readonly slaDueAt: EpochMs | null;
  readonly createdAt: EpochMs;
  readonly updatedAt: EpochMs;
  /** The response-framework path to follow: the agent's choice when they overrode the suggestion. */
  readonly path: string | null;
  readonly suggestedPath: string | null;
  readonly pathReasons: readonly string[];
  readonly pathOverridden: boolean;
  /** Why the conversation is in its queue (one line per routing rule that matched), and why its priority. */
  readonly routingReasons: readonly string[];
  readonly needReasons: readonly string[];
  /** The earlier, ignored contact elsewhere that this public post vents about. */
  readonly ventOfConversationId: ConversationId | null;
  readonly slaClocks: readonly SlaClock[];
}

export interface ConversationPage {
  readonly items: readonly ConversationSummary[];
  readonly nextCursor: ConversationCursor | null;
}

export interface ListConversationsInput {
  readonly organisationId: string;
  readonly scope: ConversationScope;
  readonly filter: ConversationFilter;
  readonly sort: ConversationSort;
  readonly limit: number;
  readonly cursor?: ConversationCursor;
}

/** Conversations a search walks in sort order first, and at most on its second walk, before it asks the index. */
const SEARCH_PROBE = 1000;
const SEARCH_PROBE_MAX = 12_000;

/** How long a cursor's snapshot stays usable; the "changed since" probe grows with its age. */
export const CURSOR_MAX_AGE_MS = 30 * 60_000;

const TS_TEXT = (e: RawBuilder<unknown>) => sql<string>`to_char(${e} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function filterCondition(f: ConversationFilter): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [];
  if (f.status && f.status.length > 0) parts.push(sql`c.status = any(${sql.val([...f.status])}::text[])`);
  if (f.queueId !== undefined) parts.push(sql`c.queue_id = ${f.queueId}::uuid`);
  if (f.teamId !== undefined) parts.push(sql`c.queue_id in (select id from queue where team_id = ${f.teamId}::uuid)`);
  if (f.assigneeId === 'none') parts.push(sql`c.assignee_id is null`);
  else if (f.assigneeId !== undefined) parts.push(sql`c.assignee_id = ${f.assigneeId}::uuid`);
  if (f.channelAccountId !== undefined) parts.push(sql`c.channel_account_id = ${f.channelAccountId}::uuid`);
  if (f.channelKind !== undefined) parts.push(sql`c.channel_account_id in (select id from channel_account where kind = ${f.channelKind})`);
  if (f.language !== undefined) parts.push(sql`c.language = ${f.language}`);
  if (f.sentiment !== undefined) parts.push(sql`c.sentiment = ${f.sentiment}`);
  if (f.priorityMin !== undefined) parts.push(sql`c.priority >= ${f.priorityMin}`);
  if (f.priorityMax !== undefined) parts.push(sql`c.priority <= ${f.priorityMax}`);
  if (f.tag !== undefined) parts.push(sql`${f.tag} = any(c.tags)`);
  if (f.since !== undefined) parts.push(sql`c.last_message_at >= ${new Date(f.since)}`);
  if (f.until !== undefined) parts.push(sql`c.last_message_at < ${new Date(f.until)}`);
  if (f.q !== undefined) {
    parts.push(sql`c.id in (select m.conversation_id from message m where m.search @@ websearch_to_tsquery('simple', ${f.q}))`);
  }
  return parts.length === 0 ? sql<boolean>`true` : sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

interface SortSql {
  /** The current sort value, comparable; text form for the cursor. */
  readonly current: RawBuilder<unknown>;
  /** The value the row had at `asOf`, for rows changed since. */
  readonly asOf: (asOf: RawBuilder<unknown>) => RawBuilder<unknown>;
  readonly text: (e: RawBuilder<unknown>) => RawBuilder<string>;
  readonly cast: RawBuilder<unknown>;
  /** `k` after the cursor, in this sort's direction. */
  readonly after: (k: RawBuilder<unknown>, key: RawBuilder<unknown>, id: string) => RawBuilder<boolean>;
  readonly order: (k: RawBuilder<unknown>) => RawBuilder<unknown>;
  readonly present: RawBuilder<boolean>;
}

// last_activity: newest first, ties by id ascending (matches index conversation_last).
// priority: highest first, ties by id descending (index conversation_priority).
// sla_due: soonest first, conversations without a due time last.
// queue: priority, then SLA due time (the fair queue's order).
const QUEUE_KEY = sql`(c.priority::bigint * 10000000000 + (10000000000 - coalesce(extract(epoch from c.sla_due_at)::bigint, 10000000000)))`;

const SORTS: Record<ConversationSort, SortSql> = {
  last_activity: {
    current: sql`c.last_message_at`,
    asOf: (t) => sql`(select max(m.sent_at) from message m where m.conversation_id = c.id and m.created_at <= ${t})`,
    text: TS_TEXT,
    cast: sql`timestamptz`,
    after: (k, key, id) => sql<boolean>`(${k} < ${key} or (${k} = ${key} and c.id > ${id}::uuid))`,
    order: (k) => sql`${k} desc, c.id asc`,
    present: sql<boolean>`c.last_message_at is not null`,
  },
  priority: {
    current: sql`c.priority`,
    asOf: (t) =>
      sql`coalesce((select m.priority from message m where m.conversation_id = c.id and m.direction = 'inbound'
            and m.created_at <= ${t} and m.priority is not null order by m.sent_at desc limit 1), c.priority)`,
    text: (e) => sql<string>`(${e})::text`,
    cast: sql`integer`,
    after: (k, key, id) => sql<boolean>`((${k}, c.id) < (${key}, ${id}::uuid))`,
    order: (k) => sql`${k} desc, c.id desc`,
    present: sql<boolean>`true`,
  },
  sla_due: {
    current: sql`coalesce(c.sla_due_at, 'infinity'::timestamptz)`,
    asOf: () => sql`coalesce(c.sla_due_at, 'infinity'::timestamptz)`,
    text: (e) => sql<string>`case when ${e} = 'infinity'::timestamptz then 'infinity' else ${TS_TEXT(e)} end`,
    cast: sql`timestamptz`,
    after: (k, key, id) => sql<boolean>`((${k}, c.id) > (${key}, ${id}::uuid))`,
    order: (k) => sql`${k} asc, c.id asc`,
    present: sql<boolean>`true`,
  },
  // queue: the fair queue's order — priority (need) first, then the SLA due soonest, conversations without a due
  // time last within their priority. One sortable number: priority × 10^10 + (10^10 − due epoch seconds).
  queue: {
    current: QUEUE_KEY,
    asOf: () => QUEUE_KEY,
    text: (e) => sql<string>`(${e})::text`,
    cast: sql`bigint`,
    after: (k, key, id) => sql<boolean>`((${k}, c.id) < (${key}, ${id}::uuid))`,
    order: (k) => sql`${k} desc, c.id desc`,
    present: sql<boolean>`true`,
  },
};

interface SummaryRow {
  id: string;
  status: string;
  priority: number;
  queue_id: string | null;
  team_id: string | null;
  assignee_id: string | null;
  channel_account_id: string;
  channel_kind: string;
  contact_id: string | null;
  contact_name: string | null;
  is_public: boolean;
  language: string | null;
  sentiment: string | null;
  preview: string | null;
  intent: string | null;
  complaint: boolean | null;
  tags: string[];
  message_count: number;
  first_inbound_at: Date | null;
  first_response_at: Date | null;
  last_message_at: Date | null;
  sla_due_at: Date | null;
  created_at: Date;
  updated_at: Date;
  path: string | null;
  path_override: string | null;
  path_reasons: string[];
  routing_reasons: string[];
  need_reasons: string[];
  vent_of_conversation_id: string | null;
  sla_clocks: unknown;
}

const SUMMARY_COLUMNS = sql`c.id, c.status, c.priority, c.queue_id, c.assignee_id, c.channel_account_id, c.contact_id, c.is_public,
  c.language, c.sentiment, c.tags, c.message_count, c.first_inbound_at, c.first_response_at, c.last_message_at, c.sla_due_at,
  c.created_at, c.updated_at, c.path, c.path_override, c.path_reasons, c.routing_reasons, c.need_reasons, c.vent_of_conversation_id,
  c.sla_clocks`;
const SUMMARY_JOINS = sql`left join queue q on q.id = c.queue_id
  join channel_account ca on ca.id = c.channel_account_id
  left join contact ct on ct.id = c.contact_id
  left join lateral (select lm.text, lm.triage from message lm where lm.conversation_id = c.id and lm.direction = 'inbound'
    order by lm.sent_at desc limit 1) lm on true`;
// Triage JSON from older model versions may lack a field or hold another type: such values read as null.
const SUMMARY_EXTRA = sql`q.team_id, ca.kind as channel_kind, ct.display_name as contact_name,
  left(split_part(btrim(lm.text), chr(10), 1), 160) as preview, lm.triage->'intent'->>'value' as intent,
  case lm.triage->'complaint'->>'value' when 'true' then true when 'false' then false end as complaint`;

const ms = (d: Date | string | null): EpochMs | null => (d === null ? null : new Date(d).getTime());

export function summaryFromRow(r: SummaryRow): ConversationSummary {
  return {
    id: r.id as ConversationId,
    status: r.status as ConversationStatus,
    priority: r.priority,
    queueId: r.queue_id as QueueId | null,
    teamId: r.team_id as TeamId | null,
    assigneeId: r.assignee_id as AgentId | null,
    channelAccountId: r.channel_account_id as ChannelAccountId,
    channelKind: r.channel_kind,
    contactId: r.contact_id as ContactId | null,
    contactName: r.contact_name,
    isPublic: r.is_public,
    language: r.language,
    sentiment: r.sentiment,
    preview: r.preview,
    intent: r.intent,
    complaint: r.complaint,
    tags: r.tags,
    messageCount: r.message_count,
    firstInboundAt: ms(r.first_inbound_at),
    firstResponseAt: ms(r.first_response_at),
    lastMessageAt: ms(r.last_message_at),
    slaDueAt: ms(r.sla_due_at),
    createdAt: ms(r.created_at)!,
    updatedAt: ms(r.updated_at)!,
    path: r.path_override ?? r.path,
    suggestedPath: r.path,
    pathReasons: r.path_reasons,
    pathOverridden: r.path_override !== null,
    routingReasons: r.routing_reasons,
    needReasons: r.need_reasons,
    ventOfConversationId: r.vent_of_conversation_id as ConversationId | null,
    slaClocks: (typeof r.sla_clocks === 'string' ? JSON.parse(r.sla_clocks) : r.sla_clocks) as SlaClock[],
  };
}

export async function listConversations(db: Kysely<Schema>, input: ListConversationsInput): Promise<ConversationPage> {
  const s = SORTS[input.sort];
  const cursor = input.cursor;
  if (cursor && cursor.sort !== input.sort) throw new InputError('INPUT_INVALID', `cursor: made for sort ${cursor.sort}, not ${input.sort}`);
  if (cursor && !isUuid(cursor.id)) throw new InputError('INPUT_INVALID', 'cursor: malformed');
  const asOfText =
    cursor?.asOf ?? (await sql<{ t: string }>`select ${TS_TEXT(sql`now()`)} as t`.execute(db)).rows[0]!.t;
  const asOfMs = Date.parse(asOfText);
  if (Number.isNaN(asOfMs)) throw new InputError('INPUT_INVALID', 'cursor: malformed');
  const asOf = sql`${asOfText}::timestamptz`;
  if (cursor) {
    const age = await sql<{ age: number }>`select extract(epoch from (now() - ${asOf}))::float8 * 1000 as age`.execute(db);
    if ((age.rows[0]?.age ?? 0) > CURSOR_MAX_AGE_MS) {
      throw new InputError('INPUT_INVALID', `cursor: expired (older than ${CURSOR_MAX_AGE_MS / 60_000} minutes); start again from the first page`);
    }
  }
  const base = (filter: ConversationFilter) => sql`c.organisation_id = ${input.organisationId}::uuid and ${scopeCondition(input.scope)}
    and ${filterCondition(filter)} and ${s.present} and c.created_at <= ${asOf}`;
  const key = cursor ? sql`${cursor.key}::${s.cast}` : undefined;
  const limit = input.limit + 1;
  const currentAfter = key && cursor ? sql`and ${s.after(s.current, key, cursor.id)}` : sql``;
  // ts_match_vq is the function behind @@: written this way the planner tests each walked conversation's own
  // messages instead of scanning the GIN index for every one (ruinous for a frequent word).
  const matches = (q: string) =>
    sql`exists (select 1 from message m where m.conversation_id = c.id and ts_match_vq(m.search, websearch_to_tsquery('simple', ${q})))`;
  const { q, ...withoutSearch } = input.filter;
  // Rows unchanged since asOf keep their key and use the sort's index; rows changed since are few and re-keyed.
  // With a search, first walk the next SEARCH_PROBE rows in sort order and test each for a match: when that fills
  // the page it is the answer, and fast for frequent terms, where the planner's other plan (every matching
  // message from the GIN index, then sort) is slow and its estimate for several words often wrong. Otherwise the
  // terms are rare and the GIN plan is fast.
  // The index plan, for rare terms: matching conversations first (materialized, so the planner cannot turn it
  // back into a walk over every conversation on a wrong estimate), then sorted.
  const hits = q === undefined ? sql`` : sql`hits as materialized (select distinct m.conversation_id as id from message m where m.search @@ websearch_to_tsquery('simple', ${q})),`;
  const query = (probe: number | null) => sql<SummaryRow & { k: string }>`
    with ${probe !== null ? sql`` : hits} unchanged as (
      select c.id, c.k from (
        select c.id, ${s.current} as k from conversation c
        where ${base(withoutSearch)} ${probe === null && q !== undefined ? sql`and c.id in (select id from hits)` : sql``}
          and c.updated_at <= ${asOf} ${currentAfter}
        order by ${s.order(s.current)} limit ${probe ?? limit}
      ) c ${probe !== null && q !== undefined ? sql`where ${matches(q)}` : sql``}
      order by ${s.order(sql`c.k`)} limit ${limit}
    ), changed as (
      select c.id, ${s.asOf(asOf)} as k from conversation c
      where ${base(withoutSearch)} and c.updated_at > ${asOf} ${q === undefined ? sql`` : sql`and ${matches(q)}`}
    ), page as (
      select c.id, u.k from (select * from unchanged union all select * from changed) u join conversation c on c.id = u.id
      where u.k is not null ${key && cursor ? sql`and ${s.after(sql`u.k`, key, cursor.id)}` : sql``}
      order by ${s.order(sql`u.k`)} limit ${limit}
    )
    select ${SUMMARY_COLUMNS}, ${SUMMARY_EXTRA}, ${s.text(sql`p.k`)} as k
    from page p join conversation c on c.id = p.id ${SUMMARY_JOINS}
    order by ${s.order(sql`p.k`)}`;
  let rows = await query(q === undefined ? null : SEARCH_PROBE).execute(db);
  if (q !== undefined && rows.rows.length < limit) {
    // Not full: matches may lie beyond the walk. The share found so far estimates how far a longer walk must go;
    // when that is too far (or nothing matched), the terms are rare and the index plan is the fast one.
    const found = rows.rows.length;
    const needed = found === 0 ? Infinity : Math.ceil((SEARCH_PROBE * limit * 1.5) / found);
    if (needed <= SEARCH_PROBE_MAX) rows = await query(needed).execute(db);
    if (rows.rows.length < limit) rows = await query(null).execute(db);
  }
  const items = rows.rows.slice(0, input.limit);
  const last = items.at(-1);
  const nextCursor = rows.rows.length > input.limit && last ? { sort: input.sort, key: last.k, id: last.id, asOf: asOfText } : null;
  return { items: items.map(summaryFromRow), nextCursor };
}

export interface ConversationCounts {
  readonly total: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly unassigned: number;
}

export async function countConversations(
  db: Kysely<Schema>,
  input: { organisationId: string; scope: ConversationScope; filter: ConversationFilter },
): Promise<ConversationCounts> {
  const rows = await sql<{ status: string; n: number; unassigned: number }>`
    select c.status, count(*)::int as n, count(*) filter (where c.assignee_id is null)::int as unassigned from conversation c
    where c.organisation_id = ${input.organisationId}::uuid and ${scopeCondition(input.scope)} and ${filterCondition(input.filter)}
    group by c.status`.execute(db);
  const byStatus: Record<string, number> = {};
  let total = 0;
  let unassigned = 0;
  for (const r of rows.rows) {
    byStatus[r.status] = r.n;
    total += r.n;
    unassigned += r.unassigned;
  }
  return { total, byStatus, unassigned };
}

export interface ConversationMessage {
  readonly id: MessageId;
  readonly direction: 'inbound' | 'outbound' | 'note';
  readonly authorHandle: string;
  readonly authorName: string | null;
  readonly text: string;
  readonly isPublic: boolean;
  readonly sentAt: EpochMs;
  readonly language: string | null;
  readonly sentiment: string | null;
  readonly priority: number | null;
  /** The stored TriageResult as written by the pipeline; the API parses it before use. */
  readonly triage: unknown;
  readonly mentions: readonly AgentId[];
  /** For outbound replies: where the outbox is with it (queued, sending, sent, delivered, failed and why). */
  readonly delivery: { readonly status: OutboxStatus; readonly error: string | null } | null;
}

/** One thing that happened to the conversation (routed, assigned, status changed, SLA breached, handoff …). */
export interface ConversationActivity {
  readonly id: string;
  readonly type: string;
  readonly agentId: AgentId | null;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly at: EpochMs;
}

export interface ConversationDetail {
  readonly conversation: ConversationSummary;
  readonly messages: readonly ConversationMessage[];
  /** The latest 500 events, oldest first: with the messages, the whole timeline. */
  readonly activity: readonly ConversationActivity[];
}

/** One conversation in the actor's scope, or null (absent and out of scope look the same). */
export async function loadConversationSummary(
  db: Kysely<Schema>,
  input: { organisationId: string; scope: ConversationScope; id: string },
): Promise<ConversationSummary | null> {
  if (!isUuid(input.id)) return null;
  const rows = await sql<SummaryRow>`
    select ${SUMMARY_COLUMNS}, ${SUMMARY_EXTRA} from conversation c ${SUMMARY_JOINS}
    where c.id = ${input.id}::uuid and c.organisation_id = ${input.organisationId}::uuid and ${scopeCondition(input.scope)}`.execute(db);
  return rows.rows[0] ? summaryFromRow(rows.rows[0]) : null;
}

/** The conversation and its latest `messageLimit` messages, oldest first. */
export async function loadConversation(
  db: Kysely<Schema>,
  input: { organisationId: string; scope: ConversationScope; id: string; messageLimit: number },
): Promise<ConversationDetail | null> {
  const conversation = await loadConversationSummary(db, input);
  if (!conversation) return null;
  const rows = await sql<{
    id: string;
    direction: string;
    author_handle: string;
    author_name: string | null;
    text: string;
    is_public: boolean;
    sent_at: Date;
    language: string | null;
    sentiment: string | null;
    priority: number | null;
    triage: unknown;
    mentions: string[];
    delivery_status: string | null;
    delivery_error: string | null;
  }>`
    select * from (
      select m.id, m.direction, m.author_handle, m.author_name, m.text, m.is_public, m.sent_at, m.language, m.sentiment, m.priority, m.triage,
        coalesce((select array_agg(x.agent_id::text) from mention x where x.message_id = m.id), '{}') as mentions,
        o.status as delivery_status, o.last_error as delivery_error
      from message m left join outbox_item o on o.message_id = m.id and o.kind = 'reply'
      where m.conversation_id = ${input.id}::uuid order by m.sent_at desc, m.id desc limit ${input.messageLimit}
    ) t order by t.sent_at, t.id`.execute(db);
  const events = await sql<{ id: string; type: string; agent_id: string | null; payload: unknown; created_at: Date }>`
    select * from (select id::text, type, agent_id, payload, created_at from event where conversation_id = ${input.id}::uuid order by id desc limit 500) e
    order by e.created_at, e.id`.execute(db);
  return {
    conversation,
    activity: events.rows.map((e) => ({
      id: e.id,
      type: e.type,
      agentId: e.agent_id as AgentId | null,
      payload: (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload) as Record<string, unknown>,
      at: new Date(e.created_at).getTime(),
    })),
    messages: rows.rows.map((r) => ({
      id: r.id as MessageId,
      direction: r.direction as ConversationMessage['direction'],
      authorHandle: r.author_handle,
      authorName: r.author_name,
      text: r.text,
      isPublic: r.is_public,
      sentAt: new Date(r.sent_at).getTime(),
      language: r.language,
      sentiment: r.sentiment,
      priority: r.priority,
      triage: typeof r.triage === 'string' ? (JSON.parse(r.triage) as unknown) : r.triage,
      mentions: r.mentions as AgentId[],
      // The last error of a delivered reply was a retry's, not the outcome: show it only for failures.
      delivery: r.delivery_status === null ? null : { status: r.delivery_status as OutboxStatus, error: r.delivery_status === 'failed' ? r.delivery_error : null },
    })),
  };
}
