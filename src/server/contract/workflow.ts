// Workflow settings: ordered routing rules and SLA policies, business hours per team, agent availability and
// work profile, contact attributes. Rules and policies may omit `id` when created; the server assigns one.
import { z } from 'zod';
import { AGENT_AVAILABILITIES, ASSIGNMENT_STRATEGIES } from '../../domain/assignment.js';
import { ROUTING_RULE_SCHEMA } from '../../domain/routing-rule.js';
import { SLA_POLICY_SCHEMA } from '../../domain/sla-policy.js';

const optionalId = { id: z.string().min(1).max(100).optional() };

export const routingRuleInput = ROUTING_RULE_SCHEMA.extend(optionalId);
export const routingRulesBody = z.strictObject({ rules: z.array(routingRuleInput).max(500) });
export const routingRulesResponse = z.object({ rules: z.array(ROUTING_RULE_SCHEMA) });

export const slaPolicyInput = SLA_POLICY_SCHEMA.extend(optionalId);
export const slaPoliciesBody = z.strictObject({ policies: z.array(slaPolicyInput).max(200) });
export const slaPoliciesResponse = z.object({ policies: z.array(SLA_POLICY_SCHEMA) });

const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM (24-hour, 24:00 ends at midnight)');
const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'expected an IANA time zone such as Europe/Berlin');
export const businessHoursSchema = z.strictObject({
  timeZone,
  weekly: z
    .array(z.array(z.strictObject({ start: localTime, end: localTime }).refine((i) => i.start < i.end, 'start must be before end')).max(6))
    .length(7)
    .describe('Index 0 = Sunday … 6 = Saturday; an empty list is a closed day'),
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')).max(400).default([]),
});
export const businessHoursBody = z.strictObject({ hours: businessHoursSchema.nullable().describe('null: open around the clock') });
export const businessHoursResponse = z.object({ hours: businessHoursSchema.nullable() });

export const availabilityBody = z.strictObject({ availability: z.enum(AGENT_AVAILABILITIES) });
export const workProfileSchema = z.object({
  availability: z.enum(AGENT_AVAILABILITIES),
  capacity: z.number().int(),
  skills: z.array(z.string()),
  languages: z.array(z.string()),
  inTraining: z.boolean().describe('Public replies wait for a lead’s approval'),
  signature: z.string().nullable(),
});
export const workProfileBody = z
  .strictObject({
    availability: z.enum(AGENT_AVAILABILITIES).optional(),
    capacity: z.number().int().min(0).max(1000).optional(),
    skills: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
    languages: z.array(z.string().trim().min(2).max(12)).max(30).optional(),
    inTraining: z.boolean().optional(),
    signature: z.string().trim().max(200).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'expected at least one field');

export const queueAssignmentFields = {
  assignment: z.enum(ASSIGNMENT_STRATEGIES).optional(),
  skill: z.string().trim().min(1).max(64).nullable().optional(),
};

export const contactAttributesBody = z.strictObject({
  attributes: z
    .record(z.string().min(1).max(64), z.union([z.string().max(500), z.number(), z.boolean()]))
    .describe('Merged into the stored attributes; `value` (0..1) is the customer value the fair queue weighs'),
});
