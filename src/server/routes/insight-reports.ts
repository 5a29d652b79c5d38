// GET /api/reports/outcomes (reopen, first-contact resolution, vent rate), /api/reports/line-jumping and
// /api/reports/churn-risk. A lead's figures cover their teams' queues; the churn list follows conversation scope.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { InputError } from '../../domain/errors.js';
import { buildChurnRiskList, buildLineJumpingReport, buildOutcomeReport } from '../../insights/index.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { responses } from '../contract/common.js';
import { churnQuery, churnResponse, lineJumpingResponse, outcomesResponse, periodQuery } from '../contract/insight-reports.js';
import { authOf, scopeOf } from '../plugins/authenticate.js';

function period(q: { since: string; until: string }): { since: Date; until: Date } {
  const since = new Date(q.since);
  const until = new Date(q.until);
  if (!(until > since)) throw new InputError('INPUT_INVALID', `since, until in query: expected since before until; got ${q.since} – ${q.until}`);
  return { since, until };
}
const reportScope = (request: FastifyRequest) => (authOf(request).actor.role === 'lead' ? scopeOf(request) : ({ kind: 'all' } as const));

export function insightReportRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/api/reports/outcomes',
      { config: { access: needs('reports:read') }, schema: { tags: ['reports'], summary: 'Reopen rate, first-contact resolution and vent rate per channel', querystring: periodQuery, response: responses({ 200: outcomesResponse }) } },
      async (request) => ({ rows: [...(await buildOutcomeReport(ctx.database, { ...period(request.query), scope: reportScope(request) }))] }),
    );
    r.get(
      '/api/reports/line-jumping',
      { config: { access: needs('reports:read') }, schema: { tags: ['reports'], summary: 'First-response wait of equal-need contacts, public vs private', querystring: periodQuery, response: responses({ 200: lineJumpingResponse }) } },
      async (request) => {
        const report = await buildLineJumpingReport(ctx.database, { organisationId: ctx.organisation.id, ...period(request.query), scope: reportScope(request) });
        return { ...report, bands: [...report.bands], channelWeights: { ...report.channelWeights } };
      },
    );
    r.get(
      '/api/reports/churn-risk',
      { config: { access: needs('contacts:read') }, schema: { tags: ['reports'], summary: 'Contacts at risk of leaving, with reasons', querystring: churnQuery, response: responses({ 200: churnResponse }) } },
      async (request) => {
        const items = await buildChurnRiskList(ctx.database, { ...period(request.query), scope: scopeOf(request), limit: request.query.limit });
        return { items: items.map((i) => ({ ...i, reasons: [...i.reasons], conversationIds: [...i.conversationIds], channels: [...i.channels] })) };
      },
    );
  };
}
