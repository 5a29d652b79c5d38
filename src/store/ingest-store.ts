// One ingest batch as one transaction: claim raw rows (SKIP LOCKED, so workers never share a row), serialise per
// channel account (advisory lock, so threading decisions see every earlier batch of that account), let the
// pipeline decide, then write the plan set-based. A crash anywhere rolls the whole batch back: nothing half-written.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { ConversationStatus } from '../domain/conversation-status.js';
import type {
  ClaimedRaw,
  IdentityInput,
  IngestBatchReport,
  IngestPlan,
  IngestUnit,
  ResolvedIdentity,
  ThreadState,
} from '../domain/ingest.js';
import { identityKey } from '../domain/ingest.js';
import type { ChannelAccountId, ContactId, ConversationId, OrganisationId, QueueId, RawInboundId } from '../domain/ids.js';
import { toPgJson } from './pg-json.js';
import type { Schema } from './schema.js';

export type IngestOutcome =
  | { readonly kind: 'empty' }
  | { readonly kind: 'processed'; readonly report: IngestBatchReport }
  | { readonly kind: 'failed'; readonly rawIds: readonly RawInboundId[]; readonly error: unknown };

export interface IngestBatchOptions {
  readonly limit: number;
  readonly workerId: string;
  /** A row whose batch failed this many times is dead-lettered with the last error. */
  readonly maxAttempts: number;
}

const ms = (d: Date | string | null): number | null => (d === null ? null : new Date(d).getTime());

/**
 * Claims up to `limit` pending rows of one channel account whose lock this transaction could take. Batches are
 * per account so that workers process different accounts in parallel; the advisory lock (held to commit) makes
 * threading decisions of one account see every earlier batch of it.
 */
async function claim(trx: Transaction<Schema>, limit: number): Promise<ClaimedRaw[]> {
  // A loose index scan: the distinct accounts with pending rows, without reading every pending row.
  const candidates = await sql<{ a: string }>`
    with recursive accounts as (
      (select channel_account_id as a from raw_inbound where status = 'pending' order by channel_account_id limit 1)
      union all
      select (select r.channel_account_id from raw_inbound r
              where r.status = 'pending' and r.channel_account_id > accounts.a order by r.channel_account_id limit 1)
      from accounts where accounts.a is not null
    ) select a from accounts where a is not null limit 1000`.execute(trx);
  // Shuffled, so workers spread over accounts instead of all trying the first one.
  const order = candidates.rows.map((r) => r.a).sort(() => Math.random() - 0.5);
  for (const account of order) {
    const locked = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(hashtextextended(${account}, 0)) as ok`.execute(trx);
    if (!locked.rows[0]?.ok) continue;
    const rows = await sql<RawRow>`
      select r.id, r.organisation_id, r.channel_account_id, a.kind, r.source, r.payload, r.attempts
      from raw_inbound r join channel_account a on a.id = r.channel_account_id
      where r.status = 'pending' and r.channel_account_id = ${account}
      order by r.id
      limit ${limit}
      for update of r skip locked`.execute(trx);
    if (rows.rows.length === 0) continue;
    return rows.rows.map(toClaimedRaw);
  }
  return [];
}

interface RawRow {
  id: string | number;
  organisation_id: string;
  channel_account_id: string;
  kind: string;
  source: string;
  payload: unknown;
  attempts: number;
}

function toClaimedRaw(r: RawRow): ClaimedRaw {
  return {
    id: String(r.id) as RawInboundId,
    organisationId: r.organisation_id as OrganisationId,
    channelAccountId: r.channel_account_id as ChannelAccountId,
    channelKind: r.kind,
    source: r.source,
    payload: r.payload,
    attempts: r.attempts,
  };
}

/**
 * The next pending rows of an account after `afterId`, read without locking: the worker prepares them (normalise,
 * triage) while the current batch is being written. Another worker may claim them first; that only wastes work.
 */
export async function peekPendingRaw(
  db: Kysely<Schema>,
  options: { readonly channelAccountId: ChannelAccountId; readonly afterId: RawInboundId; readonly limit: number },
): Promise<ClaimedRaw[]> {
  const rows = await sql<RawRow>`
    select r.id, r.organisation_id, r.channel_account_id, a.kind, r.source, r.payload, r.attempts
    from raw_inbound r join channel_account a on a.id = r.channel_account_id
    where r.status = 'pending' and r.channel_account_id = ${options.channelAccountId} and r.id > ${Number(options.afterId)}
    order by r.id limit ${options.limit}`.execute(db);
  return rows.rows.map(toClaimedRaw);
}

function unitFor(trx: Transaction<Schema>, rows: readonly ClaimedRaw[]): IngestUnit {
  const queues = new Map<string, QueueId>();
  return {
    rows,
    async knownExternalIds(channelAccountId, externalIds) {
      if (externalIds.length === 0) return new Set();
      const found = await trx
        .selectFrom('message')
        .select('external_id')
        .where('channel_account_id', '=', channelAccountId)
        .where('external_id', '=', sql<string>`any(${sql.val(externalIds)}::text[])`)
        .execute();
      return new Set(found.map((r) => r.external_id));
    },
    async threadStates(channelAccountId, keys) {
      if (keys.length === 0) return new Map();
      const messageIds = keys.filter((k) => k.startsWith('m:')).map((k) => k.slice(2));
      // A link wins over a stored message with the same key: it is how a late reply to an old, closed
      // conversation is pointed at the new conversation it started.
      const found = await sql<{
        key: string;
        stored: boolean;
        id: string;
        status: ConversationStatus;
        resolved_at: Date | null;
        contact_id: string | null;
        message_count: number;
        first_inbound_at: Date | null;
        first_response_at: Date | null;
        last_message_at: Date | null;
      }>`
        select distinct on (k.key) k.key, k.stored, c.id, c.status, c.resolved_at, c.contact_id, c.message_count,
          c.first_inbound_at, c.first_response_at, c.last_message_at
        from (
          select l.key, false as stored, l.conversation_id from thread_link l
          where l.channel_account_id = ${channelAccountId} and l.key = any(${sql.val(keys)}::text[])
          union all
          select 'm:' || m.external_id, true, m.conversation_id from message m
          where m.channel_account_id = ${channelAccountId} and m.external_id = any(${sql.val(messageIds)}::text[])
        ) k join conversation c on c.id = k.conversation_id
        order by k.key, k.stored`.execute(trx);
      return new Map<string, ThreadState>(
        found.rows.map((r) => [
          r.key,
          {
            conversationId: r.id as ConversationId,
            status: r.status,
            resolvedAt: ms(r.resolved_at),
            contactId: r.contact_id as ContactId | null,
            isStoredMessage: r.stored,
            timing: {
              messageCount: r.message_count,
              firstInboundAt: ms(r.first_inbound_at),
              firstResponseAt: ms(r.first_response_at),
              lastMessageAt: ms(r.last_message_at),
            },
          },
        ]),
      );
    },
    resolveIdentities: (organisationId, identities) => resolveIdentities(trx, organisationId, identities),
    async defaultQueue(organisationId) {
      const cached = queues.get(organisationId);
      if (cached) return cached;
      const row = await trx
        .selectFrom('queue')
        .select('id')
        .where('organisation_id', '=', organisationId)
        .where('is_default', '=', true)
        .executeTakeFirstOrThrow(() => new Error(`organisation ${organisationId} has no default queue`));
      queues.set(organisationId, row.id as QueueId);
      return row.id as QueueId;
    },
  };
}

/**
 * Identities are unique per (organisation, channel kind, handle). A new identity proposes a fresh contact id — or
 * the contact already holding its verified email/phone — and only the insert that wins creates that contact, so
 * concurrent batches of different accounts never create two contacts for one handle.
 */
async function resolveIdentities(
  trx: Transaction<Schema>,
  organisationId: OrganisationId,
  identities: readonly IdentityInput[],
): Promise<ReadonlyMap<string, ResolvedIdentity>> {
  const unique = new Map<string, IdentityInput>();
  for (const i of identities) unique.set(identityKey(i.channelKind, i.handle), i);
  if (unique.size === 0) return new Map();
  const list = [...unique.values()];

  const emails = list.flatMap((i) => (i.verifiedEmail ? [i.verifiedEmail.toLowerCase()] : []));
  const phones = list.flatMap((i) => (i.verifiedPhone ? [i.verifiedPhone] : []));
  const byEmail = new Map<string, string>();
  const byPhone = new Map<string, string>();
  if (emails.length > 0 || phones.length > 0) {
    const existing = await sql<{ id: string; email: string | null; phone: string | null }>`
      select id, email, phone from contact
      where organisation_id = ${organisationId} and merged_into_id is null
        and (email = any(${sql.val(emails)}::text[]) or phone = any(${sql.val(phones)}::text[]))`.execute(trx);
    for (const c of existing.rows) {
      if (c.email) byEmail.set(c.email, c.id);
      if (c.phone) byPhone.set(c.phone, c.id);
    }
  }

  const proposals = list.map((i) => ({
    input: i,
    contactId:
      (i.verifiedEmail ? byEmail.get(i.verifiedEmail.toLowerCase()) : undefined) ??
      (i.verifiedPhone ? byPhone.get(i.verifiedPhone) : undefined) ??
      crypto.randomUUID(),
  }));
  const upserted = await sql<{ id: string; contact_id: string; channel_kind: string; handle: string }>`
    insert into contact_identity (organisation_id, contact_id, channel_kind, handle, display_name, followers, verified)
    select ${organisationId}::uuid, p.contact_id, p.channel_kind, p.handle, p.display_name, p.followers, p.verified
    from jsonb_to_recordset(${toPgJson(
      proposals.map((p) => ({
        contact_id: p.contactId,
        channel_kind: p.input.channelKind,
        handle: p.input.handle,
        display_name: p.input.displayName ?? null,
        followers: p.input.followers ?? null,
        verified: p.input.verified ?? false,
      })),
    )}::jsonb) as p(contact_id uuid, channel_kind text, handle text, display_name text, followers integer, verified boolean)
    on conflict (organisation_id, channel_kind, handle) do update
      set display_name = coalesce(excluded.display_name, contact_identity.display_name),
          followers = coalesce(excluded.followers, contact_identity.followers),
          verified = excluded.verified or contact_identity.verified
    returning id, contact_id, channel_kind, handle`.execute(trx);

  const result = new Map<string, ResolvedIdentity>();
  for (const r of upserted.rows) {
    result.set(identityKey(r.channel_kind, r.handle), { contactId: r.contact_id as ContactId, identityId: r.id });
  }
  // Contacts to create: proposals whose fresh id won the insert.
  const existingContacts = new Set([...byEmail.values(), ...byPhone.values()]);
  const toCreate = proposals.filter((p) => {
    const won = result.get(identityKey(p.input.channelKind, p.input.handle));
    return won?.contactId === p.contactId && !existingContacts.has(p.contactId);
  });
  if (toCreate.length > 0) {
    await sql`
      insert into contact (id, organisation_id, display_name, email, phone)
      select p.id, ${organisationId}::uuid, p.display_name, p.email, p.phone
      from jsonb_to_recordset(${toPgJson(
        toCreate.map((p) => ({
          id: p.contactId,
          display_name: p.input.displayName ?? p.input.handle,
          email: p.input.verifiedEmail?.toLowerCase() ?? null,
          phone: p.input.verifiedPhone ?? null,
        })),
      )}::jsonb) as p(id uuid, display_name text, email text, phone text)
      on conflict (id) do nothing`.execute(trx);
  }
  return result;
}

async function applyPlan(trx: Transaction<Schema>, plan: IngestPlan, rows: readonly ClaimedRaw[], workerId: string): Promise<number> {
  const updates = new Map(plan.conversationUpdates.map((u) => [u.conversationId, u]));
  const epoch = (t: number | null | undefined) => (t === null || t === undefined ? null : t / 1000);
  if (plan.newConversations.length > 0) {
    await sql`
      insert into conversation (id, organisation_id, channel_account_id, contact_id, queue_id, is_public, status,
        message_count, first_inbound_at, first_response_at, last_message_at, priority, language, sentiment)
      select c.id, c.organisation_id, c.channel_account_id, c.contact_id, c.queue_id, c.is_public, c.status,
        coalesce(c.n, 0), to_timestamp(c.fi), to_timestamp(c.fr), to_timestamp(c.lm), coalesce(c.priority, 0), c.language, c.sentiment
      from jsonb_to_recordset(${toPgJson(
        plan.newConversations.map((c) => {
          const u = updates.get(c.id);
          return {
            id: c.id,
            organisation_id: c.organisationId,
            channel_account_id: c.channelAccountId,
            contact_id: c.contactId,
            queue_id: c.queueId,
            is_public: c.isPublic,
            status: c.status,
            n: u?.timing?.messageCount,
            fi: epoch(u?.timing?.firstInboundAt),
            fr: epoch(u?.timing?.firstResponseAt),
            lm: epoch(u?.timing?.lastMessageAt),
            priority: u?.latest?.priority,
            language: u?.latest?.language,
            sentiment: u?.latest?.sentiment,
          };
        }),
      )}::jsonb) as c(id uuid, organisation_id uuid, channel_account_id uuid, contact_id uuid, queue_id uuid, is_public boolean,
        status text, n integer, fi float8, fr float8, lm float8, priority integer, language text, sentiment text)`.execute(trx);
  }
  for (const m of plan.merges) {
    await sql`update message set conversation_id = ${m.into} where conversation_id = ${m.from}`.execute(trx);
    await sql`update thread_link set conversation_id = ${m.into} where conversation_id = ${m.from}`.execute(trx);
    await sql`update event set conversation_id = ${m.into} where conversation_id = ${m.from}`.execute(trx);
    await sql`delete from conversation where id = ${m.from}`.execute(trx);
  }
  if (plan.links.length > 0) {
    await sql`
      insert into thread_link (channel_account_id, key, conversation_id)
      select l.a, l.k, l.c from jsonb_to_recordset(${toPgJson(
        plan.links.map((l) => ({ a: l.channelAccountId, k: l.key, c: l.conversationId })),
      )}::jsonb) as l(a uuid, k text, c uuid)
      on conflict (channel_account_id, key) do update set conversation_id = excluded.conversation_id`.execute(trx);
  }
  let inserted = 0;
  if (plan.messages.length > 0) {
    const result = await sql<{ n: number }>`
      with ins as (
        insert into message (organisation_id, conversation_id, channel_account_id, external_id, in_reply_to_external_id,
          direction, author_identity_id, author_handle, author_name, text, is_public, sent_at, raw_inbound_id,
          language, sentiment, priority, triage, triage_version)
        select m.organisation_id, m.conversation_id, m.channel_account_id, m.external_id, m.in_reply_to, m.direction,
          m.identity_id, m.author_handle, m.author_name, m.text, m.is_public, to_timestamp(m.sent_at / 1000.0), m.raw_id,
          m.triage->'language'->>'value', m.triage->'sentiment'->>'value', (m.triage->'priority'->>'value')::int,
          m.triage, m.triage->>'modelVersion'
        from jsonb_to_recordset(${toPgJson(
          plan.messages.map((p) => ({
            organisation_id: p.organisationId,
            conversation_id: p.conversationId,
            channel_account_id: p.channelAccountId,
            external_id: p.message.externalId,
            in_reply_to: p.message.inReplyToExternalId ?? null,
            direction: p.message.direction,
            identity_id: p.identityId,
            author_handle: p.message.author.handle,
            author_name: p.message.author.displayName ?? null,
            text: p.message.text,
            is_public: p.message.isPublic,
            sent_at: p.message.sentAt,
            raw_id: Number(p.rawId),
            triage: p.triage,
          })),
        )}::jsonb) as m(organisation_id uuid, conversation_id uuid, channel_account_id uuid, external_id text,
          in_reply_to text, direction text, identity_id uuid, author_handle text, author_name text, text text,
          is_public boolean, sent_at double precision, raw_id bigint, triage jsonb)
        on conflict (channel_account_id, external_id) do nothing
        returning 1
      ) select count(*)::int as n from ins`.execute(trx);
    inserted = result.rows[0]?.n ?? 0;
  }
  if (plan.statusChanges.length > 0) {
    await sql`
      update conversation c set status = v.status, workflow_pending = true,
        snoozed_until = case when v.status = 'snoozed' then c.snoozed_until end,
        resolved_at = case when v.status in ('resolved', 'closed') then c.resolved_at else null end
      from jsonb_to_recordset(${toPgJson(plan.statusChanges.map((s) => ({ id: s.conversationId, status: s.status })))}::jsonb)
        as v(id uuid, status text)
      where c.id = v.id`.execute(trx);
  }
  if (plan.contactAssignments.length > 0) {
    await sql`
      update conversation c set contact_id = v.contact_id
      from jsonb_to_recordset(${toPgJson(plan.contactAssignments.map((a) => ({ id: a.conversationId, contact_id: a.contactId })))}::jsonb)
        as v(id uuid, contact_id uuid)
      where c.id = v.id and c.contact_id is null`.execute(trx);
  }
  const created = new Set<string>(plan.newConversations.map((c) => c.id));
  const existing = plan.conversationUpdates.filter((u) => !created.has(u.conversationId));
  const folded = existing.filter((u) => u.timing !== null);
  if (folded.length > 0) {
    await sql`
      update conversation c set message_count = v.n, first_inbound_at = to_timestamp(v.fi), first_response_at = to_timestamp(v.fr),
        last_message_at = to_timestamp(v.lm), priority = coalesce(v.priority, c.priority), language = coalesce(nullif(v.language, 'unknown'), c.language, v.language),
        sentiment = coalesce(v.sentiment, c.sentiment), updated_at = now(), workflow_pending = true
      from jsonb_to_recordset(${toPgJson(
        folded.map((u) => ({
          id: u.conversationId,
          n: u.timing!.messageCount,
          fi: epoch(u.timing!.firstInboundAt),
          fr: epoch(u.timing!.firstResponseAt),
          lm: epoch(u.timing!.lastMessageAt),
          priority: u.latest?.priority,
          language: u.latest?.language,
          sentiment: u.latest?.sentiment,
        })),
      )}::jsonb) as v(id uuid, n integer, fi float8, fr float8, lm float8, priority integer, language text, sentiment text)
      where c.id = v.id`.execute(trx);
  }
  const recompute = plan.conversationUpdates.filter((u) => u.timing === null).map((u) => u.conversationId);
  if (recompute.length > 0) {
    // Out-of-order arrivals and merges: recomputed from the stored messages, so the figures stay exact.
    await sql`
      update conversation c set
        message_count = s.n,
        first_inbound_at = s.first_inbound,
        last_message_at = s.last_at,
        first_response_at = (select min(r.sent_at) from message r
          where r.conversation_id = c.id and r.direction = 'outbound' and r.author_handle <> 'desk:auto' and r.sent_at >= s.first_inbound),
        priority = coalesce(latest.priority, c.priority),
        language = coalesce(nullif(latest.language, 'unknown'), c.language, latest.language),
        sentiment = coalesce(latest.sentiment, c.sentiment),
        updated_at = now(), workflow_pending = true
      from (select conversation_id, count(*)::int as n, max(sent_at) as last_at,
              min(sent_at) filter (where direction = 'inbound') as first_inbound
            from message where conversation_id = any(${sql.val(recompute)}::uuid[]) group by conversation_id) s
      left join lateral (select l.priority, l.language, l.sentiment from message l
            where l.conversation_id = s.conversation_id and l.direction = 'inbound'
            order by l.sent_at desc limit 1) latest on true
      where c.id = s.conversation_id`.execute(trx);
  }
  const touched = plan.conversationUpdates.map((u) => u.conversationId);
  if (touched.length > 0) {
    // One event per organisation and batch, listing the conversations: what live updates and the inbox need.
    const byOrganisation = new Map<string, { created: string[]; updated: string[] }>();
    const organisationOf = new Map(plan.messages.map((m) => [m.conversationId as string, m.organisationId as string]));
    for (const id of touched) {
      const org = organisationOf.get(id)!;
      const entry = byOrganisation.get(org) ?? { created: [], updated: [] };
      (created.has(id) ? entry.created : entry.updated).push(id);
      byOrganisation.set(org, entry);
    }
    await sql`
      insert into event (organisation_id, type, payload)
      select e.o, 'conversations.changed', e.p from jsonb_to_recordset(${toPgJson(
        [...byOrganisation].map(([o, p]) => ({ o, p })),
      )}::jsonb) as e(o uuid, p jsonb)`.execute(trx);
    await sql`select pg_notify('earshot_events', '')`.execute(trx);
  }
  const deadIds = new Set<string>(plan.dead.map((d) => d.rawId));
  const doneIds = rows.filter((r) => !deadIds.has(r.id)).map((r) => Number(r.id));
  if (doneIds.length > 0) {
    await sql`
      update raw_inbound set status = 'done', processed_at = now(), processed_by = ${workerId}, attempts = attempts + 1
      where id = any(${sql.val(doneIds)}::bigint[])`.execute(trx);
  }
  if (plan.dead.length > 0) {
    await sql`
      update raw_inbound r set status = 'dead', processed_at = now(), processed_by = ${workerId},
        attempts = r.attempts + 1, dead_reason = d.reason
      from jsonb_to_recordset(${toPgJson(plan.dead.map((d) => ({ id: Number(d.rawId), reason: d.reason })))}::jsonb)
        as d(id bigint, reason text)
      where r.id = d.id`.execute(trx);
  }
  return inserted;
}

/** Claims, decides and writes one batch; a failure rolls back and is recorded on the claimed rows. */
export async function runIngestBatch(
  db: Kysely<Schema>,
  options: IngestBatchOptions,
  decide: (unit: IngestUnit) => Promise<IngestPlan>,
): Promise<IngestOutcome> {
  let claimed: ClaimedRaw[] = [];
  try {
    return await db.transaction().execute(async (trx) => {
      claimed = await claim(trx, options.limit);
      if (claimed.length === 0) return { kind: 'empty' } as const;
      const plan = await decide(unitFor(trx, claimed));
      const inserted = await applyPlan(trx, plan, claimed, options.workerId);
      return {
        kind: 'processed',
        report: {
          channelAccountId: claimed[0]!.channelAccountId,
          lastRawId: claimed[claimed.length - 1]!.id,
          claimed: claimed.length,
          messages: inserted,
          newConversations: plan.newConversations.length,
          dead: plan.dead.length,
        },
      } as const;
    });
  } catch (error) {
    if (claimed.length === 0) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    await sql`
      update raw_inbound set attempts = attempts + 1, dead_reason = ${reason.slice(0, 2000)},
        status = case when attempts + 1 >= ${options.maxAttempts} then 'dead' else 'pending' end
      where id = any(${sql.val(claimed.map((r) => Number(r.id)))}::bigint[])`.execute(db);
    return { kind: 'failed', rawIds: claimed.map((r) => r.id), error };
  }
}
