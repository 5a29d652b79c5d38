// GET /api/reports: aggregate figures by channel, account, language or day (no conversation content). Admins and
// viewers see the organisation; a lead sees their teams' queues (and the unteamed ones they also work).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { readReport } from '../../store/index.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { responses } from '../contract/common.js';
import { reportQuery, reportResponse } from '../contract/reports.js';
import { authOf, scopeOf } from '../plugins/authenticate.js';

export function reportRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/api/reports',
      { config: { access: needs('reports:read') }, schema: { tags: ['reports'], summary: 'Report rows for a period', querystring: reportQuery, response: responses({ 200: reportResponse }) } },
      async (request) => {
        const scope = authOf(request).actor.role === 'lead' ? scopeOf(request) : ({ kind: 'all' } as const);
        const rows = await readReport(ctx.database.db, { by: request.query.by, since: new Date(request.query.since), until: new Date(request.query.until), scope });
        return { rows: rows.map((row) => ({ ...row, topIntents: [...row.topIntents] })) };
      },
    );
  };
}
