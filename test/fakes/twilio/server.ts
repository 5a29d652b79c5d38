// A local Twilio: the REST Messages resource with Basic auth, a driver that sends signed inbound and status
// webhooks exactly as Twilio signs them (its own few lines of crypto, not the code under test), and a control API
// (`/__control/…`) to script faults: 5xx, 429 with Retry-After, Twilio error codes, and slow answers that time
// the client out after the message was created.
import { createHmac, randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';

export interface FakeMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  status: string;
  statusCallback: string | undefined;
  dateCreated: string;
}

export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly code?: number; readonly message?: string; readonly retryAfter?: string }
  /** Creates the message, then answers only after `delayMs` (longer than the client's timeout). */
  | { readonly kind: 'slow'; readonly delayMs: number };

export interface FakeTwilio {
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
  readonly messages: FakeMessage[];
  /** Every POST to Messages.json, including refused ones. */
  readonly sendAttempts: number;
  fault(f: Fault): void;
  /** Signs like Twilio: base64(HMAC-SHA1(authToken, url + sorted name+value)). */
  sign(url: string, params: readonly (readonly [string, string])[]): string;
  /** POSTs a signed form webhook to `url`; returns status and body. */
  deliver(url: string, params: readonly (readonly [string, string])[], options?: { signature?: string; token?: string }): Promise<{ status: number; body: string }>;
  /** Sends a status callback for one of the messages to its StatusCallback URL. */
  sendStatus(sid: string, status: string, errorCode?: string): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

const hex = (n: number) => randomBytes(n).toString('hex');

export function twilioSignatureOf(authToken: string, url: string, params: readonly (readonly [string, string])[]): string {
  const sorted = [...params].sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return createHmac('sha1', authToken).update(url + sorted.map(([k, v]) => k + v).join('')).digest('base64');
}

export async function startFakeTwilio(): Promise<FakeTwilio> {
  const accountSid = `AC${hex(16)}`;
  const authToken = hex(16);
  const messages: FakeMessage[] = [];
  const faults: Fault[] = [];
  let sendAttempts = 0;
  const app: FastifyInstance = Fastify({ logger: false });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  const authorised = (header: string | undefined) => header === `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const twilioError = (status: number, code: number, message: string) => ({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
  const resource = (m: FakeMessage) => ({ sid: m.sid, status: m.status, body: m.body, to: m.to, from: m.from, date_created: m.dateCreated, account_sid: accountSid });

  app.post('/2010-04-01/Accounts/:sid/Messages.json', async (request, reply) => {
    sendAttempts++;
    const { sid } = request.params as { sid: string };
    if (sid !== accountSid || !authorised(request.headers.authorization)) return reply.status(401).send(twilioError(401, 20003, 'Authenticate'));
    const form = (request.body ?? {}) as Record<string, string>;
    const fault = faults.shift();
    if (fault?.kind === 'status') {
      if (fault.retryAfter) reply.header('retry-after', fault.retryAfter);
      return reply.status(fault.status).send(twilioError(fault.status, fault.code ?? 20500, fault.message ?? 'scripted fault'));
    }
    if (!form['To'] || !form['Body'] || (!form['From'] && !form['MessagingServiceSid'])) {
      return reply.status(400).send(twilioError(400, 21604, "A 'To' phone number, a 'Body' and a 'From' or 'MessagingServiceSid' are required."));
    }
    const message: FakeMessage = {
      sid: `SM${hex(16)}`,
      to: form['To'],
      from: form['From'] ?? form['MessagingServiceSid']!,
      body: form['Body'],
      status: 'queued',
      statusCallback: form['StatusCallback'],
      dateCreated: new Date().toUTCString(),
    };
    messages.push(message);
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs));
    return reply.status(201).send(resource(message));
  });

  app.get('/2010-04-01/Accounts/:sid/Messages.json', async (request, reply) => {
    const { sid } = request.params as { sid: string };
    if (sid !== accountSid || !authorised(request.headers.authorization)) return reply.status(401).send(twilioError(401, 20003, 'Authenticate'));
    const q = request.query as Record<string, string>;
    const since = q['DateSent>'] ? Date.parse(`${q['DateSent>']}T00:00:00Z`) : 0;
    const found = messages
      .filter((m) => (!q['To'] || m.to === q['To']) && (!q['From'] || m.from === q['From']) && Date.parse(m.dateCreated) >= since)
      .reverse();
    return reply.send({ messages: found.map(resource), next_page_uri: null, page: 0, page_size: 50 });
  });

  app.get('/2010-04-01/Accounts/:file', async (request, reply) => {
    const { file } = request.params as { file: string };
    if (file !== `${accountSid}.json` || !authorised(request.headers.authorization)) return reply.status(401).send(twilioError(401, 20003, 'Authenticate'));
    return reply.send({ sid: accountSid, status: 'active', friendly_name: 'fake' });
  });

  app.post('/__control/faults', async (request) => {
    faults.push(...(request.body as Fault[]));
    return { queued: faults.length };
  });
  app.get('/__control/messages', async () => messages);

  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const deliver: FakeTwilio['deliver'] = async (target, params, options = {}) => {
    const body = new URLSearchParams(params.map(([k, v]) => [k, v] as [string, string])).toString();
    const signature = options.signature ?? twilioSignatureOf(options.token ?? authToken, target, params);
    const res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature, 'i-twilio-idempotency-token': hex(8) },
      body,
    });
    return { status: res.status, body: await res.text() };
  };

  return {
    url,
    accountSid,
    authToken,
    messages,
    get sendAttempts() {
      return sendAttempts;
    },
    fault: (f) => void faults.push(f),
    sign: (target, params) => twilioSignatureOf(authToken, target, params),
    deliver,
    async sendStatus(sid, status, errorCode) {
      const m = messages.find((x) => x.sid === sid);
      if (!m?.statusCallback) throw new Error(`fake twilio: message ${sid} has no StatusCallback`);
      m.status = status;
      const params: [string, string][] = [
        ['AccountSid', accountSid],
        ['From', m.from],
        ['MessageSid', sid],
        ['MessageStatus', status],
        ['SmsSid', sid],
        ['SmsStatus', status],
        ['To', m.to],
        ...(errorCode ? ([['ErrorCode', errorCode]] as [string, string][]) : []),
      ];
      return deliver(m.statusCallback, params);
    },
    close: () => app.close(),
  };
}

/** Parameters of an inbound SMS as Twilio posts them (PROTOCOLS.md §10). */
export function inboundSms(accountSid: string, over: Record<string, string> = {}): [string, string][] {
  const base: Record<string, string> = {
    ToCountry: 'US',
    ToState: 'CA',
    SmsMessageSid: over['MessageSid'] ?? `SM${hex(16)}`,
    NumMedia: '0',
    ToCity: '',
    FromZip: '',
    SmsSid: over['MessageSid'] ?? '',
    FromState: 'NY',
    SmsStatus: 'received',
    FromCity: '',
    Body: 'Hello',
    FromCountry: 'US',
    To: '+15005550006',
    ToZip: '',
    NumSegments: '1',
    MessageSid: `SM${hex(16)}`,
    AccountSid: accountSid,
    From: '+15551230001',
    ApiVersion: '2010-04-01',
    ...over,
  };
  base['SmsMessageSid'] = base['MessageSid']!;
  base['SmsSid'] = base['MessageSid']!;
  return Object.entries(base);
}
