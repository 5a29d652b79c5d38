// A local X API: mentions timeline and recent search with `since_id`, `pagination_token`/`next_token`,
// `meta.newest_id` and `x-rate-limit-*` headers (epoch-second reset); `POST /2/tweets` and DM sends checked with
// OAuth 1.0a; and a driver for Account Activity webhooks (CRC GET, signed POSTs). Signing and OAuth checks are the
// fake's own few lines of crypto, never the code under test. Ids are big (beyond 2^53) and handled as BigInt.
import { createHmac, randomBytes } from 'node:crypto';
import Fastify from 'fastify';

export interface FakePost {
  readonly id: string;
  readonly text: string;
  readonly author_id: string;
  readonly created_at: string;
  readonly conversation_id: string;
  readonly referenced_tweets?: { type: string; id: string }[];
}

export interface FakeXUser {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly followers: number;
  readonly verified: boolean;
}

export interface FakeXSend {
  readonly kind: 'post' | 'dm';
  readonly id: string;
  readonly body: Record<string, unknown>;
  /** DM participant. */
  readonly to?: string;
}

export interface FakeX {
  readonly url: string;
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly accessToken: string;
  readonly accessTokenSecret: string;
  readonly bearerToken: string;
  readonly userId: string;
  readonly sends: FakeXSend[];
  /** Query strings of every timeline/search GET, for asserting since_id and paging. */
  readonly reads: URLSearchParams[];
  /** Posts a mention of our account (or, with `searchable`, an unbranded post that search finds). */
  post(p: { text: string; authorId?: string; inReplyTo?: string }): FakePost;
  /** The next GET on a timeline or search answers 429 with the reset `resetInSeconds` from now. */
  rateLimitNextRead(resetInSeconds: number): void;
  /** The next POST answers 429 with x-rate-limit-reset and Retry-After. */
  rateLimitNextSend(retryAfterSeconds: number): void;
  /** A signed Account Activity POST (`body` string is sent as is). */
  deliver(url: string, body: unknown, options?: { secret?: string }): Promise<{ status: number; body: string }>;
  crc(url: string, token: string): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function xSignatureOf(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('base64')}`;
}

export async function startFakeX(options: { pageSize?: number } = {}): Promise<FakeX> {
  const k = {
    consumerKey: randomBytes(12).toString('hex'),
    consumerSecret: randomBytes(24).toString('hex'),
    accessToken: `2244994945-${randomBytes(12).toString('hex')}`,
    accessTokenSecret: randomBytes(20).toString('hex'),
    bearerToken: `AAAA${randomBytes(20).toString('hex')}`,
    userId: '2244994945',
  };
  const pageSize = options.pageSize ?? 10;
  const posts: FakePost[] = [];
  const users = new Map<string, FakeXUser>();
  const sends: FakeXSend[] = [];
  const reads: URLSearchParams[] = [];
  let nextId = 1346889436626259968n;
  let remaining = 450;
  const readFaults: number[] = [];
  const sendFaults: number[] = [];
  const app = Fastify({ logger: false });
  let base = '';

  /** RFC 5849 check of the Authorization header against the request actually received. */
  const oauthValid = (method: string, path: string, header: string | undefined) => {
    if (!header?.startsWith('OAuth ')) return false;
    const params = new Map([...header.slice(6).matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1]!, decodeURIComponent(m[2]!)]));
    if (params.get('oauth_consumer_key') !== k.consumerKey || params.get('oauth_token') !== k.accessToken) return false;
    const u = new URL(`${base}${path}`);
    const all = [...params].filter(([n]) => n !== 'oauth_signature').concat([...u.searchParams]);
    const norm = all.map(([a, b]) => `${enc(a)}=${enc(b)}`).sort().join('&');
    const baseString = `${method}&${enc(`${u.origin}${u.pathname}`)}&${enc(norm)}`;
    const expected = createHmac('sha1', `${enc(k.consumerSecret)}&${enc(k.accessTokenSecret)}`).update(baseString).digest('base64');
    return params.get('oauth_signature') === expected;
  };
  const unauthorized = { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' };

  const page = (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply, match: (p: FakePost) => boolean) => {
    const q = new URLSearchParams(request.url.split('?')[1] ?? '');
    reads.push(q);
    if (request.headers.authorization !== `Bearer ${k.bearerToken}`) return reply.status(401).send(unauthorized);
    const reset = Math.floor(Date.now() / 1000) + 900;
    const fault = readFaults.shift();
    if (fault !== undefined) {
      reply.header('x-rate-limit-limit', '450').header('x-rate-limit-remaining', '0').header('x-rate-limit-reset', String(Math.floor(Date.now() / 1000) + fault));
      return reply.status(429).send({ title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 });
    }
    remaining = Math.max(0, remaining - 1);
    reply.header('x-rate-limit-limit', '450').header('x-rate-limit-remaining', String(remaining)).header('x-rate-limit-reset', String(reset));
    const since = q.get('since_id');
    const max = Math.min(Number(q.get('max_results') ?? 10), pageSize);
    const token = q.get('pagination_token') ?? q.get('next_token');
    const matching = posts.filter((p) => match(p) && (since === null || BigInt(p.id) > BigInt(since))).sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    // The token pins the pass to the posts older than the one it names, as X's tokens do.
    const start = token ? matching.findIndex((p) => BigInt(p.id) < BigInt(Buffer.from(token, 'base64url').toString())) : 0;
    const data = start < 0 ? [] : matching.slice(start, start + max);
    const more = start >= 0 && start + max < matching.length;
    const meta = {
      result_count: data.length,
      ...(data.length > 0 ? { newest_id: data[0]!.id, oldest_id: data.at(-1)!.id } : {}),
      ...(more ? { next_token: Buffer.from(data.at(-1)!.id).toString('base64url') } : {}),
    };
    const included = [...new Set(data.map((p) => p.author_id))].map((id) => users.get(id)).filter((u) => u !== undefined);
    const body = {
      ...(data.length > 0 ? { data } : {}),
      ...(included.length > 0
        ? { includes: { users: included.map((u) => ({ id: u.id, username: u.username, name: u.name, verified: u.verified, public_metrics: { followers_count: u.followers, following_count: 1 } })) } }
        : {}),
      meta,
    };
    // Raw JSON so ids stay exactly as written.
    return reply.header('content-type', 'application/json').send(JSON.stringify(body));
  };

  app.get('/2/users/:id/mentions', async (request, reply) => {
    const { id } = request.params as { id: string };
    return page(request, reply, (p) => id === k.userId && p.text.includes('@acme'));
  });
  app.get('/2/tweets/search/recent', async (request, reply) => {
    const query = (new URLSearchParams(request.url.split('?')[1] ?? '').get('query') ?? '').toLowerCase().replace(/"/g, '');
    return page(request, reply, (p) => p.text.toLowerCase().includes(query));
  });

  const sendGate = (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
    if (!oauthValid(request.method, request.url, request.headers.authorization)) return reply.status(401).send(unauthorized);
    const f = sendFaults.shift();
    if (f !== undefined) {
      reply.header('retry-after', String(f)).header('x-rate-limit-remaining', '0').header('x-rate-limit-reset', String(Math.floor(Date.now() / 1000) + f));
      return reply.status(429).send({ title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 });
    }
    return null;
  };
  app.post('/2/tweets', async (request, reply) => {
    if (sendGate(request, reply)) return reply;
    const body = request.body as { text?: string; reply?: { in_reply_to_tweet_id?: string } };
    if (!body.text) return reply.status(400).send({ title: 'Invalid Request', detail: 'text is required', type: 'https://api.twitter.com/2/problems/invalid-request' });
    const id = String(nextId++);
    sends.push({ kind: 'post', id, body: body as Record<string, unknown> });
    return reply.status(201).header('content-type', 'application/json').send(`{"data":{"id":"${id}","text":${JSON.stringify(body.text)},"edit_history_tweet_ids":["${id}"]}}`);
  });
  app.post('/2/dm_conversations/with/:pid/messages', async (request, reply) => {
    if (sendGate(request, reply)) return reply;
    const { pid } = request.params as { pid: string };
    const id = String(nextId++);
    sends.push({ kind: 'dm', id, body: request.body as Record<string, unknown>, to: pid });
    const [a, b] = [pid, k.userId].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
    return reply.status(201).send({ data: { dm_conversation_id: `${a}-${b}`, dm_event_id: id } });
  });
  app.get('/2/users/me', async (request, reply) => {
    if (!oauthValid('GET', request.url, request.headers.authorization)) return reply.status(401).send(unauthorized);
    return { data: { id: k.userId, name: 'Acme', username: 'acme' } };
  });

  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  return {
    url: base,
    ...k,
    sends,
    reads,
    post({ text, authorId, inReplyTo }) {
      const author = authorId ?? '6253282';
      if (!users.has(author)) users.set(author, { id: author, username: `user${author}`, name: `User ${author}`, followers: 1200, verified: false });
      const id = String(nextId++);
      const p: FakePost = {
        id,
        text,
        author_id: author,
        created_at: new Date().toISOString(),
        conversation_id: inReplyTo ?? id,
        ...(inReplyTo ? { referenced_tweets: [{ type: 'replied_to', id: inReplyTo }] } : {}),
      };
      posts.push(p);
      return p;
    },
    rateLimitNextRead: (s) => void readFaults.push(s),
    rateLimitNextSend: (s) => void sendFaults.push(s),
    async deliver(target, body, o = {}) {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      const res = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': xSignatureOf(o.secret ?? k.consumerSecret, text) }, body: text });
      return { status: res.status, body: await res.text() };
    },
    async crc(target, token) {
      const res = await fetch(`${target}?crc_token=${encodeURIComponent(token)}`);
      return { status: res.status, body: await res.text() };
    },
    close: () => app.close(),
  };
}

/** An Account Activity delivery of one post by `user`, with `id` written both as a number and as `id_str`. */
export function tweetCreateBody(forUserId: string, t: { id: string; text: string; userId: string; screenName?: string; inReplyTo?: string }): string {
  // Written by hand so the numeric `id` keeps all its digits on the wire, as X sends it.
  const user = `{"id":${t.userId},"id_str":"${t.userId}","screen_name":"${t.screenName ?? 'jane'}","name":"Jane","followers_count":5400,"verified":true,"profile_image_url_https":"https://pbs.twimg.com/profile_images/1/jane.jpg"}`;
  const reply = t.inReplyTo ? `"in_reply_to_status_id":${t.inReplyTo},"in_reply_to_status_id_str":"${t.inReplyTo}"` : '"in_reply_to_status_id":null,"in_reply_to_status_id_str":null';
  return `{"for_user_id":"${forUserId}","tweet_create_events":[{"created_at":"Wed Oct 10 20:19:24 +0000 2018","id":${t.id},"id_str":"${t.id}","text":${JSON.stringify(t.text)},${reply},"user":${user},"timestamp_ms":"${Date.now()}"}]}`;
}

export function dmEventBody(forUserId: string, d: { id: string; senderId: string; text: string }): string {
  return JSON.stringify({
    for_user_id: forUserId,
    direct_message_events: [
      { type: 'message_create', id: d.id, created_timestamp: String(Date.now()), message_create: { sender_id: d.senderId, target: { recipient_id: forUserId }, message_data: { text: d.text, entities: {} } } },
    ],
    users: { [d.senderId]: { id: d.senderId, screen_name: 'jane', name: 'Jane', followers_count: 10 } },
  });
}
