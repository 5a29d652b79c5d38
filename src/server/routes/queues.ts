// /api/queues: list, and create (admins any; leads only for their own teams).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { canManageTeam } from '../../domain/access.js';
import { EarshotError } from '../../domain/errors.js';
import type { TeamId } from '../../domain/ids.js';
import { createQueue, listQueues, type Queue } from '../../store/index.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { iso, responses } from '../contract/common.js';
import { queueCreateBody, queueListResponse, queueSchema } from '../contract/directory.js';
import { authOf } from '../plugins/authenticate.js';

const queueOut = (q: Queue) => ({ ...q, createdAt: iso(q.createdAt) });

export function queueRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/api/queues', { config: { access: needs('directory:read') }, schema: { tags: ['directory'], summary: 'Queues and their teams', response: responses({ 200: queueListResponse }) } }, async () => ({
      items: (await listQueues(ctx.database.db, ctx.organisation.id)).map(queueOut),
    }));
    r.post(
      '/api/queues',
      { config: { access: needs('teams:manage') }, schema: { tags: ['directory'], summary: 'Create a queue (leads: for their own team)', body: queueCreateBody, response: responses({ 201: queueSchema }) } },
      async (request, reply) => {
        const actor = authOf(request).actor;
        const teamId = request.body.teamId;
        if (actor.role !== 'admin' && (teamId === null || !canManageTeam(actor, teamId as TeamId))) {
          throw new EarshotError('AUTH_FORBIDDEN', 'leads create queues only for their own teams');
        }
        return reply.status(201).send(queueOut(await createQueue(ctx.database.db, ctx.organisation.id, { name: request.body.name, teamId })));
      },
    );
  };
}
