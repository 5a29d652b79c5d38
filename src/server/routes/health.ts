// GET /healthz: the database answers and its schema is current; what load balancers and `npm start` check.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../store/index.js';
import { pendingMigrations } from '../../store/index.js';

const healthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.object({ engine: z.enum(['pglite', 'postgres']), reachable: z.boolean(), pendingMigrations: z.array(z.string()) }),
});
export type HealthResponse = z.infer<typeof healthResponse>;

export function healthRoutes(database: Database) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/healthz', async (_request, reply) => {
      let body: HealthResponse;
      try {
        const pending = await pendingMigrations(database.db);
        body = {
          status: pending.length === 0 ? 'ok' : 'degraded',
          database: { engine: database.engine, reachable: true, pendingMigrations: [...pending] },
        };
      } catch {
        body = { status: 'degraded', database: { engine: database.engine, reachable: false, pendingMigrations: [] } };
      }
      return reply.status(body.status === 'ok' ? 200 : 503).send(healthResponse.parse(body));
    });
  };
}
