// POST|GET /hooks/<kind>/<channelAccountId>[/<token>]: provider webhooks. The body is kept as raw bytes (no JSON or
// form parser runs here), so signatures are checked on exactly what was sent; the pipeline stores, then we ack.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { IncomingWebhook, WebhookResult } from '../../pipeline/index.js';

export interface WebhookRouteDeps {
  /** `receiveWebhook` bound to its dependencies. */
  readonly receive: (webhook: IncomingWebhook) => Promise<WebhookResult>;
  /** EARSHOT_PUBLIC_URL (no trailing slash): what URL-covering signatures are computed on behind a proxy. */
  readonly publicUrl: string | undefined;
  readonly bodyLimitBytes?: number;
}

const params = z.object({ kind: z.string().regex(/^[a-z]{1,20}$/), accountId: z.string().min(1).max(100) });

/** Never the X-Forwarded-* headers: trusting them lets anyone choose the URL a signature is checked against. */
export function publicUrlOf(request: FastifyRequest, publicUrl: string | undefined): string {
  return publicUrl ? `${publicUrl}${request.url}` : `${request.protocol}://${request.host}${request.url}`;
}

function headersOf(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

export function webhookRoutes(deps: WebhookRouteDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    // Scoped to this plugin: every content type arrives as a Buffer, untouched.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.bodyLimitBytes ?? 1_048_576 }, (_request, body, done) => done(null, body));

    const handler = async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
      const p = params.safeParse(request.params);
      if (!p.success) return reply.status(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: `no webhook route ${request.url}` } });
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const result = await deps.receive({
        kind: p.data.kind,
        channelAccountId: p.data.accountId,
        method: request.method,
        url: publicUrlOf(request, deps.publicUrl),
        headers: headersOf(request),
        rawBody,
      });
      if (result.kind === 'rejected') {
        request.log.warn({ channelKind: p.data.kind, channelAccountId: p.data.accountId, code: result.code }, 'webhook rejected');
        return reply.status(result.status).send({ error: { code: result.code, message: result.message } });
      }
      return reply.status(result.ack.status).header('content-type', result.ack.contentType).send(result.ack.body);
    };
    const bodyLimit = deps.bodyLimitBytes ?? 1_048_576;
    app.route({ method: ['GET', 'POST'], url: '/hooks/:kind/:accountId', bodyLimit, handler });
    app.route({ method: ['GET', 'POST'], url: '/hooks/:kind/:accountId/*', bodyLimit, handler });
  };
}
