// What admins and leads configure for the workflow step: the ordered routing rules and SLA policies of the
// organisation, business hours per team, assignment per queue, and each agent's availability and work profile.
// Rules and policies are written as a whole ordered list, so their order is exactly what the admin saved.
import { sql, type Kysely } from 'kysely';
import type { AgentAvailability, AssignmentStrategy } from '../domain/assignment.js';
import type { BusinessHours } from '../domain/business-hours.js';
import { NotFoundError } from '../domain/errors.js';
import type { OrganisationId } from '../domain/ids.js';
import { ROUTING_RULE_SCHEMA, type RoutingRule } from '../domain/routing-rule.js';
import { SLA_POLICY_SCHEMA, type SlaPolicyDefinition } from '../domain/sla-policy.js';
import { isUuid } from './agent-store.js';
import { toPgJson } from './pg-json.js';
import type { Schema } from './schema.js';

const parseJson = (v: unknown): unknown => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);

export async function listRoutingRules(db: Kysely<Schema>, organisationId: OrganisationId): Promise<RoutingRule[]> {
  const rows = await sql<{ rule: unknown }>`select rule from routing_rule where organisation_id = ${organisationId} order by position`.execute(db);
  return rows.rows.map((r) => ROUTING_RULE_SCHEMA.parse(parseJson(r.rule)));
}

/** Replaces the whole ordered list; every conversation routed later uses it. */
export async function replaceRoutingRules(db: Kysely<Schema>, organisationId: OrganisationId, rules: readonly RoutingRule[]): Promise<RoutingRule[]> {
  await db.transaction().execute(async (trx) => {
    await sql`delete from routing_rule where organisation_id = ${organisationId}`.execute(trx);
    for (const [position, rule] of rules.entries()) {
      await sql`insert into routing_rule (organisation_id, position, rule) values (${organisationId}, ${position}, ${toPgJson(rule)}::jsonb)`.execute(trx);
    }
  });
  return listRoutingRules(db, organisationId);
}

export async function listSlaPolicies(db: Kysely<Schema>, organisationId: OrganisationId): Promise<SlaPolicyDefinition[]> {
  const rows = await sql<{ policy: unknown }>`select policy from sla_policy where organisation_id = ${organisationId} order by position`.execute(db);
  return rows.rows.map((r) => SLA_POLICY_SCHEMA.parse(parseJson(r.policy)));
}

export async function replaceSlaPolicies(db: Kysely<Schema>, organisationId: OrganisationId, policies: readonly SlaPolicyDefinition[]): Promise<SlaPolicyDefinition[]> {
  await db.transaction().execute(async (trx) => {
    await sql`delete from sla_policy where organisation_id = ${organisationId}`.execute(trx);
    for (const [position, policy] of policies.entries()) {
      await sql`insert into sla_policy (organisation_id, position, policy) values (${organisationId}, ${position}, ${toPgJson(policy)}::jsonb)`.execute(trx);
    }
  });
  return listSlaPolicies(db, organisationId);
}

export async function readTeamBusinessHours(db: Kysely<Schema>, organisationId: OrganisationId, teamId: string): Promise<BusinessHours | null> {
  if (!isUuid(teamId)) throw new NotFoundError('TEAM_NOT_FOUND', `team ${teamId} does not exist`);
  const rows = await sql<{ business_hours: unknown }>`select business_hours from team where id = ${teamId} and organisation_id = ${organisationId}`.execute(db);
  if (!rows.rows[0]) throw new NotFoundError('TEAM_NOT_FOUND', `team ${teamId} does not exist`);
  return (parseJson(rows.rows[0].business_hours) ?? null) as BusinessHours | null;
}

/** null: open around the clock. SLA clocks of the team's conversations follow from their next check on. */
export async function setTeamBusinessHours(db: Kysely<Schema>, organisationId: OrganisationId, teamId: string, hours: BusinessHours | null): Promise<void> {
  if (!isUuid(teamId)) throw new NotFoundError('TEAM_NOT_FOUND', `team ${teamId} does not exist`);
  const r = await sql`update team set business_hours = ${hours === null ? null : toPgJson(hours)}::jsonb
    where id = ${teamId} and organisation_id = ${organisationId}`.execute(db);
  if (Number(r.numAffectedRows ?? 0) === 0) throw new NotFoundError('TEAM_NOT_FOUND', `team ${teamId} does not exist`);
}

export async function setQueueAssignment(
  db: Kysely<Schema>,
  organisationId: OrganisationId,
  queueId: string,
  change: { readonly assignment?: AssignmentStrategy; readonly skill?: string | null },
): Promise<void> {
  if (!isUuid(queueId)) throw new NotFoundError('QUEUE_NOT_FOUND', `queue ${queueId} does not exist`);
  const r = await sql`update queue set
      assignment = coalesce(${change.assignment ?? null}, assignment),
      skill = case when ${change.skill !== undefined} then ${change.skill ?? null} else skill end
    where id = ${queueId} and organisation_id = ${organisationId}`.execute(db);
  if (Number(r.numAffectedRows ?? 0) === 0) throw new NotFoundError('QUEUE_NOT_FOUND', `queue ${queueId} does not exist`);
}

export interface AgentWorkProfile {
  readonly availability: AgentAvailability;
  readonly capacity: number;
  readonly skills: readonly string[];
  readonly languages: readonly string[];
  /** Public replies by agents in training wait for a lead's approval. */
  readonly inTraining: boolean;
  /** Put under public replies so a human name is on every one. */
  readonly signature: string | null;
}

export async function readAgentWorkProfile(db: Kysely<Schema>, agentId: string): Promise<AgentWorkProfile> {
  if (!isUuid(agentId)) throw new NotFoundError('AGENT_NOT_FOUND', `agent ${agentId} does not exist`);
  const rows = await sql<{ availability: AgentAvailability; capacity: number; skills: string[]; languages: string[]; in_training: boolean; signature: string | null }>`
    select availability, capacity, skills, languages, in_training, signature from agent where id = ${agentId}`.execute(db);
  const r = rows.rows[0];
  if (!r) throw new NotFoundError('AGENT_NOT_FOUND', `agent ${agentId} does not exist`);
  return { availability: r.availability, capacity: r.capacity, skills: r.skills, languages: r.languages, inTraining: r.in_training, signature: r.signature };
}

export async function updateAgentWorkProfile(db: Kysely<Schema>, agentId: string, change: Partial<AgentWorkProfile>): Promise<AgentWorkProfile> {
  if (!isUuid(agentId)) throw new NotFoundError('AGENT_NOT_FOUND', `agent ${agentId} does not exist`);
  const has = (k: keyof AgentWorkProfile) => change[k] !== undefined;
  await sql`update agent set
      availability = coalesce(${change.availability ?? null}, availability),
      capacity = coalesce(${change.capacity ?? null}::int, capacity),
      skills = case when ${has('skills')} then ${sql.val([...(change.skills ?? [])])}::text[] else skills end,
      languages = case when ${has('languages')} then ${sql.val([...(change.languages ?? [])])}::text[] else languages end,
      in_training = coalesce(${change.inTraining ?? null}::boolean, in_training),
      signature = case when ${has('signature')} then ${change.signature ?? null} else signature end
    where id = ${agentId}`.execute(db);
  return readAgentWorkProfile(db, agentId);
}

export async function setContactAttributes(db: Kysely<Schema>, organisationId: OrganisationId, contactId: string, attributes: Readonly<Record<string, string | number | boolean>>): Promise<void> {
  if (!isUuid(contactId)) throw new NotFoundError('CONTACT_NOT_FOUND', `contact ${contactId} does not exist`);
  const r = await sql`update contact set attributes = attributes || ${toPgJson(attributes)}::jsonb, updated_at = now()
    where id = ${contactId} and organisation_id = ${organisationId}`.execute(db);
  if (Number(r.numAffectedRows ?? 0) === 0) throw new NotFoundError('CONTACT_NOT_FOUND', `contact ${contactId} does not exist`);
  // Customer value feeds the fair queue: re-score the contact's open conversations.
  await sql`update conversation set workflow_pending = true where contact_id = ${contactId} and status in ('new', 'open', 'pending')`.execute(db);
}
