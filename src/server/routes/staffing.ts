// GET /api/reports/staffing: agents needed per hour of the week and channel (Erlang C / Erlang A). Aggregate
// figures only, so viewers may read it; a lead's arrivals are those of their teams' queues.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { buildStaffingReport } from '../../insights/index.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { responses } from '../contract/common.js';
import { staffingQuery, staffingResponse } from '../contract/staffing.js';
import { authOf, scopeOf } from '../plugins/authenticate.js';

export function staffingRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/api/reports/staffing',
      {
        config: { access: needs('reports:read') },
        schema: { tags: ['reports'], summary: 'Staffing forecast per hour of the week and channel', querystring: staffingQuery, response: responses({ 200: staffingResponse }) },
      },
      async (request) => {
        const q = request.query;
        const scope = authOf(request).actor.role === 'lead' ? scopeOf(request) : ({ kind: 'all' } as const);
        const report = await buildStaffingReport(ctx.database, {
          organisationId: ctx.organisation.id,
          since: new Date(q.since),
          until: new Date(q.until),
          scope,
          assumptions: {
            serviceLevel: q.serviceLevel,
            targetSeconds: q.targetSeconds,
            handleSeconds: q.handle ?? {},
            defaultHandleSeconds: q.defaultHandleSeconds,
            patienceSeconds: q.patience ?? {},
            whatIf: Object.entries(q.whatIf ?? {}).map(([name, perDay]) => ({ name, perDay })),
            channels: q.channel === undefined ? [] : q.channel.split(',').filter((c) => c.length > 0),
          },
        });
        return { ...report, notes: [...report.notes], channels: [...report.channels], rows: [...report.rows] };
      },
    );
  };
}
