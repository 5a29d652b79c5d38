// A local Meta Graph API: the Send API (`/me/messages`), comment replies (`/{id}/comments`, Instagram
// `/{id}/replies`), WhatsApp Cloud sends (`/{phone-number-id}/messages`) with the real 24-hour / 7-day windows and
// error codes, and a driver that performs the verification handshake and POSTs deliveries signed as Meta signs
// them (its own few lines of crypto, over bytes escaped as Meta escapes them). Faults are scripted with `fault()`.
import { createHmac, randomBytes } from 'node:crypto';
import Fastify from 'fastify';

export interface FakeSend {
  readonly kind: 'message' | 'comment' | 'ig-reply' | 'whatsapp';
  /** The object answered (comment/post id) or the recipient (PSID, phone). */
  readonly target: string;
  readonly body: Record<string, unknown>;
  readonly id: string;
}

export interface MetaFault {
  readonly status: number;
  readonly code?: number;
  readonly subcode?: number;
  readonly retryAfter?: string;
  /** Minutes for X-Business-Use-Case-Usage `estimated_time_to_regain_access`. */
  readonly regainMinutes?: number;
}

export interface FakeMeta {
  readonly url: string;
  readonly appSecret: string;
  readonly verifyToken: string;
  readonly pageToken: string;
  readonly waToken: string;
  readonly pageId: string;
  readonly igUserId: string;
  readonly phoneNumberId: string;
  readonly sends: FakeSend[];
  readonly attempts: number;
  fault(f: MetaFault): void;
  /** Pretends the customer last wrote `hoursAgo` hours ago (deliveries through the driver set it to now). */
  lastWrote(customerId: string, hoursAgo: number): void;
  /** POSTs `body` (an object is serialised as Meta does) signed with the app secret, or the given one. */
  deliver(url: string, body: unknown, options?: { secret?: string; signature?: string }): Promise<{ status: number; body: string }>;
  handshake(url: string, query: Record<string, string>): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/** JSON as Meta writes it: non-ASCII as \uXXXX (UTF-16 units) and `/` as `\/`, which the signature covers. */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function metaSignatureOf(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');
const HOUR = 3_600_000;

export async function startFakeMeta(): Promise<FakeMeta> {
  const s = {
    appSecret: randomBytes(16).toString('hex'),
    verifyToken: randomBytes(12).toString('hex'),
    pageToken: `EAAB${randomBytes(16).toString('hex')}`,
    waToken: `EAAW${randomBytes(16).toString('hex')}`,
    pageId: `1${digits(14)}`,
    igUserId: `178${digits(14)}`,
    phoneNumberId: `1065${digits(11)}`,
  };
  const sends: FakeSend[] = [];
  const faults: MetaFault[] = [];
  const lastInbound = new Map<string, number>();
  let attempts = 0;
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));

  const graphError = (code: number, message: string, subcode?: number) => ({
    error: { message, type: code === 190 ? 'OAuthException' : 'OAuthException', code, ...(subcode === undefined ? {} : { error_subcode: subcode }), fbtrace_id: `A${randomBytes(8).toString('hex')}` },
  });
  /** Auth and scripted faults shared by every Graph route; returns a reply when the request must stop here. */
  const gate = (token: string, headers: Record<string, unknown>, reply: import('fastify').FastifyReply) => {
    attempts++;
    if (headers['authorization'] !== `Bearer ${token}`) return reply.status(400).send(graphError(190, 'Error validating access token: Session has expired', 463));
    const f = faults.shift();
    if (!f) return null;
    if (f.retryAfter) reply.header('retry-after', f.retryAfter);
    if (f.regainMinutes !== undefined) {
      reply.header('x-business-use-case-usage', JSON.stringify({ [s.pageId]: [{ type: 'messenger', call_count: 100, total_cputime: 20, total_time: 30, estimated_time_to_regain_access: f.regainMinutes }] }));
    }
    return reply.status(f.status).send(graphError(f.code ?? 1, 'scripted fault', f.subcode));
  };
  const within = (customer: string, ms: number) => {
    const t = lastInbound.get(customer);
    return t !== undefined && Date.now() - t <= ms;
  };

  app.post('/:v/me/messages', async (request, reply) => {
    if (gate(s.pageToken, request.headers, reply)) return reply;
    const body = request.body as { recipient?: { id?: string }; messaging_type?: string; tag?: string; message?: { text?: string } };
    const to = body.recipient?.id;
    if (!to || !body.message?.text) return reply.status(400).send(graphError(100, '(#100) The parameter recipient is required'));
    const tagged = body.messaging_type === 'MESSAGE_TAG' && body.tag === 'HUMAN_AGENT';
    if (!within(to, tagged ? 7 * 24 * HOUR : 24 * HOUR)) {
      return reply.status(400).send(graphError(10, '(#10) This message is sent outside of allowed window.', 2018278));
    }
    const id = `m_${randomBytes(18).toString('base64url')}`;
    sends.push({ kind: 'message', target: to, body: body as Record<string, unknown>, id });
    return { recipient_id: to, message_id: id };
  });

  app.post('/:v/:id/comments', async (request, reply) => {
    if (gate(s.pageToken, request.headers, reply)) return reply;
    const { id: parent } = request.params as { id: string };
    const body = request.body as { message?: string };
    if (!body.message) return reply.status(400).send(graphError(100, '(#100) Missing message'));
    const postPart = parent.split('_')[0] === s.pageId ? parent.split('_')[1]! : parent.split('_')[0]!;
    const id = `${postPart}_${digits(16)}`;
    sends.push({ kind: 'comment', target: parent, body: body as Record<string, unknown>, id });
    return { id };
  });

  app.post('/:v/:id/replies', async (request, reply) => {
    if (gate(s.pageToken, request.headers, reply)) return reply;
    const { id: parent } = request.params as { id: string };
    const body = request.body as { message?: string };
    if (!body.message) return reply.status(400).send(graphError(100, '(#100) Missing message'));
    const id = `179${digits(14)}`;
    sends.push({ kind: 'ig-reply', target: parent, body: body as Record<string, unknown>, id });
    return { id };
  });

  app.post('/:v/:id/messages', async (request, reply) => {
    const { id: phone } = request.params as { id: string };
    if (gate(s.waToken, request.headers, reply)) return reply;
    if (phone !== s.phoneNumberId) return reply.status(400).send(graphError(100, `(#100) Unsupported post request. Object with ID '${phone}' does not exist`));
    const body = request.body as { messaging_product?: string; to?: string; type?: string; text?: { body?: string }; template?: { name?: string } };
    if (body.messaging_product !== 'whatsapp' || !body.to) return reply.status(400).send(graphError(100, '(#100) The parameter messaging_product is required'));
    if (body.type === 'text' && !within(body.to, 24 * HOUR)) {
      return reply.status(400).send({
        error: { ...graphError(131047, 'Re-engagement message').error, error_data: { messaging_product: 'whatsapp', details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' } },
      });
    }
    if (body.type === 'template' && !body.template?.name) return reply.status(400).send(graphError(132001, 'Template name does not exist in the translation'));
    const id = `wamid.${randomBytes(24).toString('base64url')}`;
    sends.push({ kind: 'whatsapp', target: body.to, body: body as Record<string, unknown>, id });
    return { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id }] };
  });

  app.get('/:v/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const token = id === s.phoneNumberId ? s.waToken : s.pageToken;
    if (gate(token, request.headers, reply)) return reply;
    return { id, name: 'Fake object' };
  });

  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  /** Every customer id a delivery carries opens (or refreshes) that customer's window, as at Meta. */
  const noteCustomers = (value: unknown) => {
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) return v.forEach(walk);
      if (v === null || typeof v !== 'object') return;
      const o = v as Record<string, unknown>;
      const sender = (o['sender'] as { id?: string } | undefined)?.id;
      if (sender && o['message'] && !(o['message'] as { is_echo?: boolean }).is_echo) lastInbound.set(sender, Date.now());
      if (typeof o['from'] === 'string' && typeof o['timestamp'] === 'string') lastInbound.set(o['from'], Date.now());
      Object.values(o).forEach(walk);
    };
    walk(value);
  };

  return {
    url,
    ...s,
    sends,
    get attempts() {
      return attempts;
    },
    fault: (f) => void faults.push(f),
    lastWrote: (customer, hoursAgo) => void lastInbound.set(customer, Date.now() - hoursAgo * HOUR),
    async deliver(target, body, options = {}) {
      const text = typeof body === 'string' ? body : metaJson(body);
      if (typeof body !== 'string') noteCustomers(body);
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': options.signature ?? metaSignatureOf(options.secret ?? s.appSecret, text) },
        body: text,
      });
      return { status: res.status, body: await res.text() };
    },
    async handshake(target, query) {
      const res = await fetch(`${target}?${new URLSearchParams(query)}`);
      return { status: res.status, body: await res.text() };
    },
    close: () => app.close(),
  };
}
