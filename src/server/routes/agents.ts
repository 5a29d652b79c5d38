// /api/agents: the people of the desk (for assignment and mentions) and, for admins, adding and changing one.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TeamId } from '../../domain/ids.js';
import { createAgent, listAgents, updateAgent } from '../../store/index.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { agentSchema, idParams } from '../contract/auth.js';
import { responses } from '../contract/common.js';
import { agentCreateBody, agentPatchBody } from '../contract/directory.js';
import { agentOut } from './auth.js';

export function agentRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/api/agents', { config: { access: needs('directory:read') }, schema: { tags: ['directory'], summary: 'Agents with roles and teams', response: responses({ 200: z.object({ items: z.array(agentSchema) }) }) } }, async () => ({
      items: (await listAgents(ctx.database.db, ctx.organisation.id)).map(agentOut),
    }));
    r.post(
      '/api/agents',
      { config: { access: needs('org:manage') }, schema: { tags: ['directory'], summary: 'Add an agent', body: agentCreateBody, response: responses({ 201: agentSchema }) } },
      async (request, reply) => {
        const b = request.body;
        const agent = await createAgent(ctx.database.db, {
          organisationId: ctx.organisation.id,
          email: b.email,
          name: b.name,
          role: b.role,
          teamIds: b.teamIds as TeamId[],
          ...(b.password === undefined ? {} : { password: b.password }),
        });
        request.log.info({ agentId: agent.id, role: agent.role }, 'agent added');
        return reply.status(201).send(agentOut(agent));
      },
    );
    r.patch(
      '/api/agents/:id',
      { config: { access: needs('org:manage') }, schema: { tags: ['directory'], summary: 'Change an agent: name, role, disabled, password', params: idParams, body: agentPatchBody, response: responses({ 200: agentSchema }) } },
      async (request) => {
        const b = request.body;
        const agent = await updateAgent(ctx.database.db, ctx.organisation.id, request.params.id, {
          ...(b.name === undefined ? {} : { name: b.name }),
          ...(b.role === undefined ? {} : { role: b.role }),
          ...(b.disabled === undefined ? {} : { disabled: b.disabled }),
          ...(b.password === undefined ? {} : { password: b.password }),
        });
        request.log.info({ agentId: agent.id, role: agent.role, disabled: agent.disabled }, 'agent changed');
        return agentOut(agent);
      },
    );
  };
}
