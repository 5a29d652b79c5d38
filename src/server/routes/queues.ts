// /api/queues: list; create, change and delete (admins any; leads only queues of their own teams).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { canManageTeam } from '../../domain/access.js';
import { EarshotError, NotFoundError } from '../../domain/errors.js';
import type { TeamId } from '../../domain/ids.js';
import { createQueue, deleteQueue, listQueues, loadQueue, setQueueAssignment, updateQueue, type Queue } from '../../store/index.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { iso, responses } from '../contract/common.js';
import { queueCreateBody, queueDeleteResponse, queueListResponse, queueParams, queueSchema, queueUpdateBody } from '../contract/directory.js';
import type { Actor } from '../../domain/access.js';
import { authOf } from '../plugins/authenticate.js';

const queueOut = (q: Queue) => ({ ...q, createdAt: iso(q.createdAt) });

const leadsOwnTeam = (actor: Actor, teamId: string | null) => actor.role === 'admin' || (teamId !== null && canManageTeam(actor, teamId as TeamId));

export function queueRoutes(ctx: ApiContext) {
  /** The queue, when the actor may change it: admins any, leads those of their own teams. */
  const manageable = async (actor: Actor, id: string): Promise<Queue> => {
    const queue = await loadQueue(ctx.database.db, ctx.organisation.id, id);
    if (!queue) throw new NotFoundError('QUEUE_NOT_FOUND', `queue ${id} does not exist`);
    if (!leadsOwnTeam(actor, queue.teamId)) throw new EarshotError('AUTH_FORBIDDEN', 'leads change only queues of their own teams');
    return queue;
  };
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
        if (!leadsOwnTeam(actor, teamId)) {
          throw new EarshotError('AUTH_FORBIDDEN', 'leads create queues only for their own teams');
        }
        return reply.status(201).send(queueOut(await createQueue(ctx.database.db, ctx.organisation.id, { name: request.body.name, teamId })));
      },
    );
    r.patch(
      '/api/queues/:id',
      {
        config: { access: needs('teams:manage') },
        schema: { tags: ['directory'], summary: 'Rename a queue, move it to another team (leads: within their own teams), or set how it assigns', params: queueParams, body: queueUpdateBody, response: responses({ 200: queueSchema }) },
      },
      async (request) => {
        const actor = authOf(request).actor;
        await manageable(actor, request.params.id);
        const { name, teamId, assignment, skill } = request.body;
        if (teamId !== undefined && !leadsOwnTeam(actor, teamId)) throw new EarshotError('AUTH_FORBIDDEN', 'leads move queues only to their own teams');
        if (assignment !== undefined || skill !== undefined) {
          await setQueueAssignment(ctx.database.db, ctx.organisation.id, request.params.id, { ...(assignment === undefined ? {} : { assignment }), ...(skill === undefined ? {} : { skill }) });
        }
        if (name === undefined && teamId === undefined) return queueOut((await loadQueue(ctx.database.db, ctx.organisation.id, request.params.id))!);
        return queueOut(await updateQueue(ctx.database.db, ctx.organisation.id, request.params.id, { ...(name === undefined ? {} : { name }), ...(teamId === undefined ? {} : { teamId }) }));
      },
    );
    r.delete(
      '/api/queues/:id',
      {
        config: { access: needs('teams:manage') },
        schema: { tags: ['directory'], summary: 'Delete a queue; its conversations move to the default queue', params: queueParams, response: responses({ 200: queueDeleteResponse }) },
      },
      async (request) => {
        await manageable(authOf(request).actor, request.params.id);
        const { movedConversations } = await deleteQueue(ctx.database.db, ctx.organisation.id, request.params.id);
        return { ok: true as const, movedConversations };
      },
    );
  };
}
