// Workflow settings: routing rules and SLA policies (leads read, admins write, whole ordered lists), business
// hours per team (admins, and leads of that team), availability (every agent, their own), work profiles of
// agents (admins) and contact attributes such as customer value (admins and leads, e.g. from a CRM sync).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { canManageTeam } from '../../domain/access.js';
import type { BusinessHours } from '../../domain/business-hours.js';
import { EarshotError } from '../../domain/errors.js';
import type { TeamId } from '../../domain/ids.js';
import {
  listRoutingRules,
  listSlaPolicies,
  readAgentWorkProfile,
  readTeamBusinessHours,
  replaceRoutingRules,
  replaceSlaPolicies,
  setContactAttributes,
  setTeamBusinessHours,
  updateAgentWorkProfile,
  type AgentWorkProfile,
} from '../../store/index.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { idParams } from '../contract/auth.js';
import { okBody, responses } from '../contract/common.js';
import {
  availabilityBody,
  businessHoursBody,
  businessHoursResponse,
  contactAttributesBody,
  routingRulesBody,
  routingRulesResponse,
  slaPoliciesBody,
  slaPoliciesResponse,
  workProfileBody,
  workProfileSchema,
} from '../contract/workflow.js';
import { authOf } from '../plugins/authenticate.js';

const hoursOut = (h: BusinessHours | null) => (h === null ? null : { timeZone: h.timeZone, weekly: h.weekly.map((day) => day.map((i) => ({ ...i }))), holidays: [...h.holidays] });
const profileOut = (p: AgentWorkProfile) => ({ ...p, skills: [...p.skills], languages: [...p.languages] });

export function workflowSettingsRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const org = ctx.organisation.id;
    const db = ctx.database.db;

    r.get(
      '/api/routing-rules',
      { config: { access: needs('settings:read') }, schema: { tags: ['workflow'], summary: 'Routing rules, in evaluation order', response: responses({ 200: routingRulesResponse }) } },
      async () => ({ rules: await listRoutingRules(db, org) }),
    );
    r.put(
      '/api/routing-rules',
      {
        config: { access: needs('org:manage') },
        schema: { tags: ['workflow'], summary: 'Replace the routing rules (order = evaluation order); new rules get an id', body: routingRulesBody, response: responses({ 200: routingRulesResponse }) },
      },
      async (request) => ({ rules: await replaceRoutingRules(db, org, request.body.rules.map((rule) => ({ ...rule, id: rule.id ?? randomUUID() }))) }),
    );

    r.get(
      '/api/sla-policies',
      { config: { access: needs('settings:read') }, schema: { tags: ['workflow'], summary: 'SLA policies; the first whose match holds applies', response: responses({ 200: slaPoliciesResponse }) } },
      async () => ({ policies: await listSlaPolicies(db, org) }),
    );
    r.put(
      '/api/sla-policies',
      {
        config: { access: needs('org:manage') },
        schema: { tags: ['workflow'], summary: 'Replace the SLA policies (order matters: specific first)', body: slaPoliciesBody, response: responses({ 200: slaPoliciesResponse }) },
      },
      async (request) => ({ policies: await replaceSlaPolicies(db, org, request.body.policies.map((p) => ({ ...p, id: p.id ?? randomUUID() }))) }),
    );

    r.get(
      '/api/teams/:id/business-hours',
      { config: { access: needs('settings:read') }, schema: { tags: ['workflow'], summary: "A team's business hours and holidays (null: always open)", params: idParams, response: responses({ 200: businessHoursResponse }) } },
      async (request) => ({ hours: hoursOut(await readTeamBusinessHours(db, org, request.params.id)) }),
    );
    r.put(
      '/api/teams/:id/business-hours',
      {
        config: { access: needs('teams:manage') },
        schema: { tags: ['workflow'], summary: "Set a team's business hours (leads: their own team); SLA clocks count in them", params: idParams, body: businessHoursBody, response: responses({ 200: businessHoursResponse }) },
      },
      async (request) => {
        if (!canManageTeam(authOf(request).actor, request.params.id as TeamId)) throw new EarshotError('AUTH_FORBIDDEN', 'leads manage only their own teams');
        await setTeamBusinessHours(db, org, request.params.id, request.body.hours);
        return { hours: request.body.hours };
      },
    );

    r.put(
      '/api/me/availability',
      {
        config: { access: needs('conversations:work') },
        schema: { tags: ['workflow'], summary: 'Go online, away or offline; automatic assignment picks online agents only', body: availabilityBody, response: responses({ 200: workProfileSchema }) },
      },
      async (request) => profileOut(await updateAgentWorkProfile(db, authOf(request).agent.id, { availability: request.body.availability })),
    );
    r.get(
      '/api/agents/:id/work',
      { config: { access: needs('org:manage') }, schema: { tags: ['workflow'], summary: "An agent's availability, capacity, skills, languages, training flag and signature", params: idParams, response: responses({ 200: workProfileSchema }) } },
      async (request) => profileOut(await readAgentWorkProfile(db, request.params.id)),
    );
    r.patch(
      '/api/agents/:id/work',
      { config: { access: needs('org:manage') }, schema: { tags: ['workflow'], summary: "Change an agent's work profile", params: idParams, body: workProfileBody, response: responses({ 200: workProfileSchema }) } },
      async (request) => {
        const b = request.body;
        const change: Partial<AgentWorkProfile> = Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined));
        return profileOut(await updateAgentWorkProfile(db, request.params.id, change));
      },
    );

    r.patch(
      '/api/contacts/:id/attributes',
      {
        config: { access: needs('contacts:merge') },
        schema: { tags: ['contacts'], summary: 'Merge attributes into a contact (plan, value 0..1 for the fair queue); open conversations are re-scored', params: idParams, body: contactAttributesBody, response: responses({ 200: okBody }) },
      },
      async (request) => {
        await setContactAttributes(db, org, request.params.id, request.body.attributes);
        return { ok: true as const };
      },
    );
  };
}
