// Private handoff and CSAT: the rows behind the signed links. Completing a handoff is one transaction — the link
// is used up, the customer's details land in the same conversation as a private message, the contact gets the
// email/phone they gave, and another contact already known by that email/phone is merged in — so a replayed
// link finds it used and nothing is written twice.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import type { AgentId, EpochMs } from '../domain/ids.js';
import { mergeContactsIn } from './contact-store.js';
import { recordEvent } from './event-feed-store.js';
import type { Schema } from './schema.js';

export async function createHandoffLink(
  db: Kysely<Schema>,
  input: { organisationId: string; conversationId: string; createdBy: AgentId; expiresAt: EpochMs },
): Promise<{ id: string }> {
  return db.transaction().execute(async (trx) => {
    const rows = await sql<{ id: string }>`insert into handoff_link (organisation_id, conversation_id, created_by, expires_at)
      values (${input.organisationId}, ${input.conversationId}, ${input.createdBy}, ${new Date(input.expiresAt)}) returning id`.execute(trx);
    const id = rows.rows[0]!.id;
    await recordEvent(trx, {
      organisationId: input.organisationId,
      type: 'handoff.offered',
      conversationId: input.conversationId,
      agentId: input.createdBy,
      payload: { conversationId: input.conversationId, handoffId: id, expiresAt: new Date(input.expiresAt).toISOString() },
    });
    return { id };
  });
}

export type LinkState = 'open' | 'used' | 'expired' | 'missing';

export async function handoffLinkState(db: Kysely<Schema>, id: string, now: EpochMs): Promise<LinkState> {
  const rows = await sql<{ used_at: Date | null; expires_at: Date }>`select used_at, expires_at from handoff_link where id = ${id}::uuid`.execute(db);
  const r = rows.rows[0];
  if (!r) return 'missing';
  if (r.used_at !== null) return 'used';
  return new Date(r.expires_at).getTime() <= now ? 'expired' : 'open';
}

export interface HandoffDetails {
  readonly name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly orderNumber: string | null;
  readonly message: string;
}

function detailText(d: HandoffDetails): string {
  const lines = [
    d.name && `Name: ${d.name}`,
    d.email && `Email: ${d.email}`,
    d.phone && `Phone: ${d.phone}`,
    d.orderNumber && `Order number: ${d.orderNumber}`,
    d.message,
  ];
  return lines.filter((l): l is string => Boolean(l)).join('\n');
}

/** Uses the link and records the details; `LINK_USED`/`LINK_EXPIRED` when it cannot be used (any more). */
export async function completeHandoff(db: Kysely<Schema>, input: { id: string; details: HandoffDetails; now: EpochMs }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const links = await sql<{ organisation_id: string; conversation_id: string; used_at: Date | null; expires_at: Date }>`
      select organisation_id, conversation_id, used_at, expires_at from handoff_link where id = ${input.id}::uuid for update`.execute(trx);
    const link = links.rows[0];
    if (!link) throw new NotFoundError('LINK_INVALID', 'this link is not valid');
    if (link.used_at !== null) throw new ConflictError('LINK_USED', 'this link was already used');
    if (new Date(link.expires_at).getTime() <= input.now) throw new ConflictError('LINK_EXPIRED', 'this link has expired');
    await sql`update handoff_link set used_at = now() where id = ${input.id}::uuid`.execute(trx);

    const conv = await sql<{ channel_account_id: string; contact_id: string | null }>`
      select channel_account_id, contact_id from conversation where id = ${link.conversation_id} for update`.execute(trx);
    const c = conv.rows[0]!;
    const d = input.details;
    const messageId = randomUUID();
    await sql`insert into message (id, organisation_id, conversation_id, channel_account_id, external_id, direction, author_handle, author_name, text, is_public, sent_at)
      values (${messageId}, ${link.organisation_id}, ${link.conversation_id}, ${c.channel_account_id}, ${`handoff:${input.id}`}, 'inbound',
        ${d.email ?? d.phone ?? 'handoff-form'}, ${d.name}, ${detailText(d)}, false, now())`.execute(trx);
    // The customer answered privately: the conversation is theirs to wait on again (open), and the workflow
    // step restarts its next-response clock.
    await sql`update conversation set message_count = message_count + 1, last_message_at = greatest(last_message_at, now()), updated_at = now(),
        status = case when status in ('new', 'pending', 'snoozed') then 'open' else status end, workflow_pending = true
      where id = ${link.conversation_id}`.execute(trx);

    if (c.contact_id !== null && (d.email !== null || d.phone !== null)) {
      // Another contact known by the same email or phone (an earlier email or SMS) becomes one with this one.
      const others = await sql<{ id: string }>`
        select id from contact where organisation_id = ${link.organisation_id} and id <> ${c.contact_id} and merged_into_id is null
          and ((${d.email}::text is not null and lower(email) = lower(${d.email})) or (${d.phone}::text is not null and phone = ${d.phone}))`.execute(trx);
      for (const other of others.rows) await mergeContactsIn(trx, { organisationId: link.organisation_id, actorId: null, fromId: other.id, intoId: c.contact_id });
      await sql`update contact set email = coalesce(email, ${d.email}), phone = coalesce(phone, ${d.phone}),
          display_name = coalesce(display_name, ${d.name}), updated_at = now()
        where id = ${c.contact_id}`.execute(trx);
    }
    await recordEvent(trx, {
      organisationId: link.organisation_id,
      type: 'handoff.completed',
      conversationId: link.conversation_id,
      agentId: null,
      payload: { conversationId: link.conversation_id, messageId, gave: Object.entries(d).filter(([, v]) => v !== null).map(([k]) => k) },
    });
  });
}

export async function createCsatSurvey(db: Kysely<Schema>, input: { organisationId: string; conversationId: string; expiresAt: EpochMs }): Promise<{ id: string }> {
  const rows = await sql<{ id: string }>`insert into csat_survey (organisation_id, conversation_id, expires_at)
    values (${input.organisationId}, ${input.conversationId}, ${new Date(input.expiresAt)}) returning id`.execute(db);
  return rows.rows[0]!;
}

export async function csatSurveyState(db: Kysely<Schema>, id: string, now: EpochMs): Promise<LinkState> {
  const rows = await sql<{ answered_at: Date | null; expires_at: Date }>`select answered_at, expires_at from csat_survey where id = ${id}::uuid`.execute(db);
  const r = rows.rows[0];
  if (!r) return 'missing';
  if (r.answered_at !== null) return 'used';
  return new Date(r.expires_at).getTime() <= now ? 'expired' : 'open';
}

/** One answer per survey; it shows on the conversation's timeline and in the reports. */
export async function answerCsat(db: Kysely<Schema>, input: { id: string; rating: number; comment: string | null; now: EpochMs }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const rows = await sql<{ organisation_id: string; conversation_id: string; answered_at: Date | null; expires_at: Date; channel_account_id: string }>`
      select s.organisation_id, s.conversation_id, s.answered_at, s.expires_at, c.channel_account_id
      from csat_survey s join conversation c on c.id = s.conversation_id where s.id = ${input.id}::uuid for update of s`.execute(trx);
    const s = rows.rows[0];
    if (!s) throw new NotFoundError('LINK_INVALID', 'this link is not valid');
    if (s.answered_at !== null) throw new ConflictError('LINK_USED', 'this survey was already answered');
    if (new Date(s.expires_at).getTime() <= input.now) throw new ConflictError('LINK_EXPIRED', 'this survey has closed');
    await sql`update csat_survey set rating = ${input.rating}, comment = ${input.comment}, answered_at = now() where id = ${input.id}::uuid`.execute(trx);
    const id = randomUUID();
    // Shown in the timeline as a note from the survey, never sent anywhere.
    await sql`insert into message (id, organisation_id, conversation_id, channel_account_id, external_id, direction, author_handle, author_name, text, is_public, sent_at)
      values (${id}, ${s.organisation_id}, ${s.conversation_id}, ${s.channel_account_id}, ${`csat:${input.id}`}, 'note', 'csat', 'Customer survey',
        ${`Rated ${input.rating}/5${input.comment ? `: ${input.comment}` : ''}`}, false, now())`.execute(trx);
    await recordEvent(trx, {
      organisationId: s.organisation_id,
      type: 'csat.received',
      conversationId: s.conversation_id,
      agentId: null,
      payload: { conversationId: s.conversation_id, rating: input.rating, comment: input.comment },
    });
  });
}
