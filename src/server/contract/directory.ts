// Teams, queues and agents: who works where.
import { z } from 'zod';
import { ASSIGNMENT_STRATEGIES } from '../../domain/assignment.js';
import { queueAssignmentFields } from './workflow.js';
import { AGENT_ROLES } from '../../domain/access.js';
import { isoTime } from './common.js';

export const teamSchema = z.object({ id: z.string(), name: z.string(), memberIds: z.array(z.string()), createdAt: isoTime });
export const teamListResponse = z.object({ items: z.array(teamSchema) });
export const teamCreateBody = z.strictObject({ name: z.string().trim().min(1).max(100) });
export const teamParams = z.strictObject({ id: z.string().min(1).max(100) });
export const teamMemberParams = z.strictObject({ id: z.string().min(1).max(100), agentId: z.string().min(1).max(100) });

export const queueSchema = z.object({ id: z.string(), name: z.string(), teamId: z.string().nullable(), isDefault: z.boolean(), assignment: z.enum(ASSIGNMENT_STRATEGIES), skill: z.string().nullable(), createdAt: isoTime });
export const queueListResponse = z.object({ items: z.array(queueSchema) });
export const queueCreateBody = z.strictObject({ name: z.string().trim().min(1).max(100), teamId: z.uuid().nullable() });
export const queueParams = z.strictObject({ id: z.string().min(1).max(100) });
export const queueUpdateBody = z
  .strictObject({ name: z.string().trim().min(1).max(100).optional(), teamId: z.uuid().nullable().optional(), ...queueAssignmentFields })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'expected name, teamId, assignment or skill');
export const queueDeleteResponse = z.object({ ok: z.literal(true), movedConversations: z.number().int().describe('moved to the default queue') });

export const agentCreateBody = z.strictObject({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200),
  role: z.enum(AGENT_ROLES),
  password: z.string().min(1).max(1024).optional(),
  teamIds: z.array(z.uuid()).max(50).default([]),
});
export const agentPatchBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  role: z.enum(AGENT_ROLES).optional(),
  disabled: z.boolean().optional().describe('true ends their sessions and stops their API tokens'),
  password: z.string().min(1).max(1024).optional(),
});
