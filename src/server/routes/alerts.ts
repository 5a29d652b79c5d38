// GET /api/alerts and POST /api/alerts/:id/ack: spike and crisis alerts raised by the alert worker. Report readers
// see them; leads and admins acknowledge them.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NotFoundError } from '../../domain/errors.js';
import { acknowledgeAlert, listAlerts, type Alert } from '../../store/index.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { iso, isoOrNull, responses } from '../contract/common.js';
import { alertBody, alertListQuery, alertListResponse, alertParams } from '../contract/alerts.js';
import { authOf } from '../plugins/authenticate.js';

const toBody = (a: Alert) => ({
  ...a,
  exampleMessageIds: [...a.exampleMessageIds],
  startedAt: iso(a.startedAt),
  createdAt: iso(a.createdAt),
  acknowledgedAt: isoOrNull(a.acknowledgedAt),
});

export function alertRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/api/alerts',
      { config: { access: needs('reports:read') }, schema: { tags: ['alerts'], summary: 'Spike and crisis alerts, newest first', querystring: alertListQuery, response: responses({ 200: alertListResponse }) } },
      async (request) => {
        const items = await listAlerts(ctx.database.db, { organisationId: ctx.organisation.id, unacknowledgedOnly: request.query.open === 'true', limit: request.query.limit });
        return { items: items.map(toBody) };
      },
    );
    r.post(
      '/api/alerts/:id/ack',
      { config: { access: needs('teams:manage') }, schema: { tags: ['alerts'], summary: 'Acknowledge an alert (the first acknowledgement is kept)', params: alertParams, response: responses({ 200: alertBody }) } },
      async (request) => {
        const alert = await acknowledgeAlert(ctx.database.db, { organisationId: ctx.organisation.id, alertId: request.params.id, agentId: authOf(request).actor.agentId, now: ctx.now() });
        if (!alert) throw new NotFoundError('ALERT_NOT_FOUND', `alert ${request.params.id} does not exist`);
        return toBody(alert);
      },
    );
  };
}
