// Organisations, their default queue and their channel accounts: the rows every ingest needs to exist first.
import { sql, type Kysely } from 'kysely';
import type { ChannelAccountId, OrganisationId, QueueId } from '../domain/ids.js';
import type { Schema } from './schema.js';

export interface OrganisationRef {
  readonly id: OrganisationId;
  readonly name: string;
  readonly defaultQueueId: QueueId;
}

export const DEFAULT_ORGANISATION = 'default';
export const DEFAULT_QUEUE = 'Triage';

/** Idempotent: concurrent callers get the same organisation and default queue. */
export async function ensureOrganisation(db: Kysely<Schema>, name: string = DEFAULT_ORGANISATION): Promise<OrganisationRef> {
  await db.insertInto('organisation').values({ name }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const org = await db.selectFrom('organisation').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  await sql`insert into queue (organisation_id, name, is_default) values (${org.id}, ${DEFAULT_QUEUE}, true)
            on conflict do nothing`.execute(db);
  const queue = await db
    .selectFrom('queue')
    .select('id')
    .where('organisation_id', '=', org.id)
    .where('is_default', '=', true)
    .executeTakeFirstOrThrow();
  return { id: org.id as OrganisationId, name, defaultQueueId: queue.id as QueueId };
}

export interface ChannelAccountRef {
  readonly id: ChannelAccountId;
  readonly organisationId: OrganisationId;
  readonly kind: string;
  readonly name: string;
}

export async function ensureChannelAccount(
  db: Kysely<Schema>,
  input: { organisationId: OrganisationId; kind: string; name: string },
): Promise<ChannelAccountRef> {
  await db
    .insertInto('channel_account')
    .values({ organisation_id: input.organisationId, kind: input.kind, name: input.name })
    .onConflict((oc) => oc.columns(['organisation_id', 'name']).doNothing())
    .execute();
  const row = await db
    .selectFrom('channel_account')
    .select(['id', 'kind', 'name'])
    .where('organisation_id', '=', input.organisationId)
    .where('name', '=', input.name)
    .executeTakeFirstOrThrow();
  return { id: row.id as ChannelAccountId, organisationId: input.organisationId, kind: row.kind, name: row.name };
}
