// A provider that only polls: GET /items?cursor=&limit= pages through a fixed list with an opaque cursor and
// X-RateLimit-* headers (Mastodon style, ISO reset); /__control/fail-next scripts a 500 or a 429 with Retry-After.
import Fastify from 'fastify';

export interface PagedFeed {
  readonly url: string;
  readonly requests: number;
  close(): Promise<void>;
}

export async function startPagedFeed(total: number): Promise<PagedFeed> {
  const app = Fastify();
  let requests = 0;
  const faults: { status: number; retryAfter?: string }[] = [];
  app.get('/items', async (request, reply) => {
    requests++;
    const fault = faults.shift();
    if (fault) {
      if (fault.retryAfter) reply.header('retry-after', fault.retryAfter);
      return reply.status(fault.status).send({ error: 'scripted' });
    }
    const q = request.query as { cursor?: string; limit?: string };
    const from = q.cursor ? Number(Buffer.from(q.cursor, 'base64url').toString()) : 0;
    const limit = Number(q.limit ?? 10);
    const items = Array.from({ length: Math.max(0, Math.min(limit, total - from)) }, (_, i) => ({ id: `item-${from + i + 1}`, text: `polled ${from + i + 1}` }));
    const next = from + items.length;
    reply.header('x-ratelimit-limit', '300').header('x-ratelimit-remaining', '299').header('x-ratelimit-reset', new Date(Date.now() + 300_000).toISOString());
    return { items, next: Buffer.from(String(next)).toString('base64url'), more: next < total };
  });
  app.post('/__control/fail-next', async (request) => {
    faults.push(request.body as { status: number; retryAfter?: string });
    return {};
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    get requests() {
      return requests;
    },
    close: () => app.close(),
  };
}
