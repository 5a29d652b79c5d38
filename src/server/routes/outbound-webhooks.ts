// /api/webhooks: outbound webhook subscriptions for other departments (admins only) — create (the secret is shown
// once), list, disable, the delivery log, and replay of one delivery.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NotFoundError, SetupError } from '../../domain/errors.js';
import {
  createWebhookSubscription,
  disableWebhookSubscription,
  listWebhookDeliveries,
  listWebhookSubscriptions,
  replayWebhookDelivery,
  type WebhookDelivery,
  type WebhookSubscription,
} from '../../store/index.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { iso, isoOrNull, responses } from '../contract/common.js';
import {
  deliveryBody,
  deliveryListQuery,
  deliveryListResponse,
  deliveryParams,
  webhookBody,
  webhookCreateBody,
  webhookCreatedResponse,
  webhookListResponse,
  webhookParams,
} from '../contract/webhooks.js';

const toBody = (s: WebhookSubscription) => ({ ...s, events: [...s.events], createdAt: iso(s.createdAt), disabledAt: isoOrNull(s.disabledAt) });
const toDelivery = (d: WebhookDelivery) => ({ ...d, nextAttemptAt: iso(d.nextAttemptAt), createdAt: iso(d.createdAt), deliveredAt: isoOrNull(d.deliveredAt) });
const notFound = (id: string) => new NotFoundError('WEBHOOK_SUBSCRIPTION_NOT_FOUND', `webhook subscription ${id} does not exist`);

export function outboundWebhookRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const admin = { access: needs('org:manage') };
    r.get('/api/webhooks', { config: admin, schema: { tags: ['webhooks'], summary: 'Outbound webhook subscriptions', response: responses({ 200: webhookListResponse }) } }, async () => ({
      items: (await listWebhookSubscriptions(ctx.database.db, ctx.organisation.id)).map(toBody),
    }));
    r.post(
      '/api/webhooks',
      { config: admin, schema: { tags: ['webhooks'], summary: 'Subscribe a URL or mailto: address to events', body: webhookCreateBody, response: responses({ 201: webhookCreatedResponse }) } },
      async (request, reply) => {
        if (ctx.secretKey === undefined) throw new SetupError('CONFIG_INVALID', 'this desk has no secret key, so webhook secrets cannot be stored');
        const { subscription, secret } = await createWebhookSubscription(ctx.database.db, {
          organisationId: ctx.organisation.id,
          url: request.body.url,
          events: request.body.events,
          description: request.body.description ?? null,
          secretKey: ctx.secretKey,
        });
        return reply.status(201).send({ ...toBody(subscription), secret });
      },
    );
    r.delete(
      '/api/webhooks/:id',
      { config: admin, schema: { tags: ['webhooks'], summary: 'Disable a subscription (its delivery log stays)', params: webhookParams, response: responses({ 200: webhookBody }) } },
      async (request) => {
        const s = await disableWebhookSubscription(ctx.database.db, { organisationId: ctx.organisation.id, id: request.params.id, now: ctx.now() });
        if (!s) throw notFound(request.params.id);
        return toBody(s);
      },
    );
    r.get(
      '/api/webhooks/:id/deliveries',
      { config: admin, schema: { tags: ['webhooks'], summary: 'Delivery log, newest first', params: webhookParams, querystring: deliveryListQuery, response: responses({ 200: deliveryListResponse }) } },
      async (request) => {
        const items = await listWebhookDeliveries(ctx.database.db, { organisationId: ctx.organisation.id, subscriptionId: request.params.id, limit: request.query.limit });
        if (!items) throw notFound(request.params.id);
        return { items: items.map(toDelivery) };
      },
    );
    r.post(
      '/api/webhooks/:id/deliveries/:deliveryId/replay',
      { config: admin, schema: { tags: ['webhooks'], summary: 'Send one delivery again', params: deliveryParams, response: responses({ 200: deliveryBody }) } },
      async (request) => {
        const d = await replayWebhookDelivery(ctx.database.db, { organisationId: ctx.organisation.id, subscriptionId: request.params.id, deliveryId: request.params.deliveryId, now: ctx.now() });
        if (!d) throw new NotFoundError('WEBHOOK_DELIVERY_NOT_FOUND', `delivery ${request.params.deliveryId} of live subscription ${request.params.id} does not exist`);
        return toDelivery(d);
      },
    );
  };
}
