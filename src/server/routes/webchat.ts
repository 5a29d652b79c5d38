// /chat/v1: the web chat widget's API (PROTOCOLS.md §11, SSE transport): the widget script, visitor sessions,
// visitor messages (clientMsgId-deduped, acked with seq) and an event stream that replays after lastSeq.
// CORS is granted only to the account's allowed origins; per-IP limits answer 429 with Retry-After.
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { openChatSession, postVisitorMessage, readVisitorFrames, type ChatRejection, type WebchatDeps } from '../../pipeline/index.js';

export interface WebchatRouteDeps {
  readonly webchat: WebchatDeps;
  /** Whether any agent is online now; the widget offers to continue by email when not. Default: nobody. */
  readonly agentsOnline?: () => boolean | Promise<boolean>;
  readonly widgetScriptPath?: string;
  /** How often an open event stream looks for new frames. */
  readonly pollMs?: number;
  readonly heartbeatMs?: number;
  /** Visitor messages per IP and account per minute. */
  readonly messagesPerMinute?: number;
}

const sessionBody = z
  .object({ accountId: z.string().min(1).max(100), visitorToken: z.string().max(300).optional(), userId: z.string().min(1).max(200).optional(), userHash: z.string().max(200).optional() })
  .strict();
const accountQuery = z.object({ accountId: z.string().min(1).max(100) });
const eventsQuery = accountQuery.extend({ token: z.string().max(300), lastSeq: z.coerce.number().int().min(0).default(0) });

function sendRejection(reply: FastifyReply, r: ChatRejection) {
  return reply.status(r.status).send({ error: { code: r.code, message: r.message } });
}

function allowCors(request: FastifyRequest, reply: FastifyReply): void {
  const origin = request.headers.origin;
  if (origin) reply.header('access-control-allow-origin', origin).header('vary', 'origin');
}

function bearer(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined;
}

export function webchatRoutes(deps: WebchatRouteDeps) {
  const script = readFileSync(deps.widgetScriptPath ?? new URL('../../../web/widget/widget.js', import.meta.url), 'utf8');
  const pollMs = deps.pollMs ?? 300;
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  const limit = deps.messagesPerMinute ?? 30;
  const windows = new Map<string, { start: number; count: number }>();

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/chat/v1/widget.js', async (_request, reply) =>
      reply.header('content-type', 'application/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(script),
    );

    // Preflight: the real request is checked against the account's origins; this only lets the browser ask.
    app.options('/chat/v1/*', async (request, reply) => {
      allowCors(request, reply);
      return reply
        .header('access-control-allow-methods', 'GET, POST')
        .header('access-control-allow-headers', 'content-type, authorization')
        .header('access-control-max-age', '600')
        .status(204)
        .send();
    });

    app.post('/chat/v1/sessions', async (request, reply) => {
      const body = sessionBody.safeParse(request.body);
      if (!body.success) return reply.status(400).send({ error: { code: 'INPUT_INVALID', message: body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') } });
      const b = body.data;
      const session = await openChatSession(deps.webchat, {
        accountId: b.accountId,
        origin: request.headers.origin,
        ...(b.visitorToken ? { visitorToken: b.visitorToken } : {}),
        ...(b.userId ? { userId: b.userId } : {}),
        ...(b.userHash ? { userHash: b.userHash } : {}),
      });
      if (session.kind === 'rejected') return sendRejection(reply, session);
      allowCors(request, reply);
      const online = deps.agentsOnline ? await deps.agentsOnline() : false;
      return reply.send({ visitorId: session.visitorId, visitorToken: session.visitorToken, expiresAt: new Date(session.expiresAt).toISOString(), title: session.title, agentsOnline: online });
    });

    app.post('/chat/v1/messages', async (request, reply) => {
      const q = accountQuery.safeParse(request.query);
      if (!q.success) return reply.status(400).send({ error: { code: 'INPUT_INVALID', message: 'accountId: required in the query' } });
      const key = `${request.ip}\u0000${q.data.accountId}`;
      const now = Date.now();
      const w = windows.get(key);
      if (w && now - w.start < 60_000 && w.count >= limit) {
        return reply.status(429).header('retry-after', String(Math.ceil((w.start + 60_000 - now) / 1000))).send({ error: { code: 'CHANNEL_RATE_LIMITED', message: `more than ${limit} chat messages a minute` } });
      }
      if (!w || now - w.start >= 60_000) windows.set(key, { start: now, count: 1 });
      else w.count++;
      const ack = await postVisitorMessage(deps.webchat, { accountId: q.data.accountId, origin: request.headers.origin, token: bearer(request), body: request.body });
      if (ack.kind === 'rejected') return sendRejection(reply, ack);
      allowCors(request, reply);
      return reply.status(ack.duplicate ? 200 : 201).send({ type: 'ack', clientMsgId: ack.clientMsgId, seq: ack.seq, duplicate: ack.duplicate });
    });

    app.get('/chat/v1/events', async (request, reply) => {
      const q = eventsQuery.safeParse(request.query);
      if (!q.success) return reply.status(400).send({ error: { code: 'INPUT_INVALID', message: 'accountId and token are required in the query' } });
      // EventSource resends the last id it saw on reconnect; it wins over the query's lastSeq.
      const lastEventId = Number(request.headers['last-event-id']);
      let lastSeq = Number.isInteger(lastEventId) && lastEventId > 0 ? lastEventId : q.data.lastSeq;
      const read = () => readVisitorFrames(deps.webchat, { accountId: q.data.accountId, origin: request.headers.origin, token: q.data.token, afterSeq: lastSeq });
      const first = await read();
      if (first.kind === 'rejected') return sendRejection(reply, first);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        ...(request.headers.origin ? { 'access-control-allow-origin': request.headers.origin, vary: 'origin' } : {}),
      });
      raw.write('retry: 2000\n\n');
      let closed = false;
      request.raw.on('close', () => (closed = true));
      let lastWrite = Date.now();
      let batch: Awaited<ReturnType<typeof read>> = first;
      while (!closed) {
        if (batch.kind === 'rejected') break;
        for (const f of batch.frames) {
          const frame = { type: 'message', conversationId: batch.visitorId, seq: f.seq, clientMsgId: f.clientMsgId, body: f.body, ts: f.ts, direction: f.direction, authorName: f.authorName };
          raw.write(`id: ${f.seq}\ndata: ${JSON.stringify(frame)}\n\n`);
          lastSeq = f.seq;
          lastWrite = Date.now();
        }
        if (Date.now() - lastWrite >= heartbeatMs) {
          raw.write(': ping\n\n');
          lastWrite = Date.now();
        }
        await new Promise((r) => setTimeout(r, pollMs));
        if (closed) break;
        try {
          batch = await read();
        } catch (err) {
          request.log.warn({ err }, 'chat event stream could not read frames; closing it for the widget to reconnect');
          break;
        }
      }
      raw.end();
    });
  };
}
