// GET /api/events: Server-Sent Events of conversation and message changes and presence, filtered by the
// caller's teams. Resumes after Last-Event-ID (header, or ?lastEventId= for clients that cannot set headers).
// Each heartbeat re-checks the credential, so an expired session or a revoked token ends the stream.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { conversationScope } from '../../domain/access.js';
import { needs } from '../access-rule.js';
import type { ApiContext } from '../api-context.js';
import { eventsQuery, liveEvent } from '../contract/live.js';
import { actorOf, authOf, recheckAuth } from '../plugins/authenticate.js';

export function eventRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/api/events',
      {
        config: { access: needs('conversations:read') },
        schema: {
          tags: ['live'],
          summary: 'Live events (text/event-stream)',
          description:
            'A stream of frames `id: <event id>\\nevent: <type>\\ndata: <JSON>\\n\\n`; the 200 schema below is the JSON of one frame\'s data. ' +
            'Presence frames (type `presence`) carry no id; a client drops a presence entry at its expiresAt unless a newer frame renews it. ' +
            'Comment lines (`: ping`) are heartbeats. Reconnect with Last-Event-ID (or ?lastEventId=) to resume without gaps.',
          querystring: eventsQuery,
          response: { 200: liveEvent },
        },
      },
      async (request, reply) => {
        const auth = authOf(request);
        const header = request.headers['last-event-id'];
        const lastEventId = typeof header === 'string' && /^\d{1,19}$/.test(header) ? header : request.query.lastEventId;
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
        raw.write('retry: 2000\n\n');
        let open = true;
        const client = {
          organisationId: auth.agent.organisationId as string,
          scope: conversationScope(auth.actor),
          send: (frame: string) => {
            if (open) raw.write(frame);
          },
        };
        const subscription: { remove?: () => void } = {};
        const end = () => {
          if (!open) return;
          open = false;
          clearTimeout(timer);
          subscription.remove?.();
          ctx.streams.delete(end);
          raw.end();
        };
        ctx.streams.add(end);
        request.raw.on('close', end);
        const beat = () => {
          void (async () => {
            const agent = await recheckAuth(ctx, auth);
            if (!agent) return end();
            // Team changes apply to an open stream from the next heartbeat on.
            client.scope = conversationScope(actorOf(agent));
            client.send(': ping\n\n');
            if (open) timer = setTimeout(beat, ctx.sseHeartbeatMs);
          })().catch((err: unknown) => {
            request.log.warn({ err }, 'live events heartbeat failed; closing the stream for the client to reconnect');
            end();
          });
        };
        // The first beat at a random point of the period: clients that connected together (a reconnect storm, the
        // bench) would otherwise re-check their credentials in one burst that holds the connection pool.
        let timer = setTimeout(beat, Math.round(Math.random() * ctx.sseHeartbeatMs));
        try {
          subscription.remove = await ctx.hub.subscribe(client, lastEventId);
        } catch (err) {
          // The response is already streaming; ending it makes the client reconnect (and resume) later.
          request.log.warn({ err }, 'live events could not replay; closing the stream for the client to reconnect');
          end();
          return;
        }
        if (!open) subscription.remove();
      },
    );
  };
}
