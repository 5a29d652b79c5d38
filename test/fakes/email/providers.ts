// Drivers that deliver inbound mail to the desk as Mailgun, Postmark and SendGrid do (PROTOCOLS.md §9): Mailgun
// signs timestamp + token with HMAC-SHA256 (computed here with node:crypto, never with the code under test);
// Postmark and SendGrid authenticate with HTTP Basic credentials.
import { createHmac, randomBytes } from 'node:crypto';

export interface Delivery {
  readonly status: number;
  readonly body: string;
}

async function post(url: string, body: string | FormData | URLSearchParams, headers: Record<string, string> = {}): Promise<Delivery> {
  const res = await fetch(url, { method: 'POST', body, headers });
  return { status: res.status, body: await res.text() };
}

export interface MailgunSignature {
  readonly timestamp: string;
  readonly token: string;
  readonly signature: string;
}

export function mailgunSign(signingKey: string, timestamp = String(Math.floor(Date.now() / 1000)), token = randomBytes(25).toString('hex')): MailgunSignature {
  return { timestamp, token, signature: createHmac('sha256', signingKey).update(timestamp + token).digest('hex') };
}

export interface MailgunMessage {
  readonly from: string;
  readonly subject: string;
  readonly bodyPlain: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly attachments?: readonly { readonly name: string; readonly type: string; readonly content: Buffer }[];
}

/** A route `forward()` POST: urlencoded, or multipart/form-data when there are attachments. */
export function mailgunForm(message: MailgunMessage, signed: MailgunSignature): URLSearchParams | FormData {
  const fields: [string, string][] = [
    ['timestamp', signed.timestamp],
    ['token', signed.token],
    ['signature', signed.signature],
    ['recipient', 'support@desk.example'],
    ['sender', message.from],
    ['from', message.from],
    ['subject', message.subject],
    ['body-plain', message.bodyPlain],
    ['message-headers', JSON.stringify(message.headers)],
  ];
  if (!message.attachments?.length) return new URLSearchParams(fields);
  const form = new FormData();
  for (const [k, v] of fields) form.append(k, v);
  form.append('attachment-count', String(message.attachments.length));
  message.attachments.forEach((a, i) => form.append(`attachment-${i + 1}`, new Blob([a.content], { type: a.type }), a.name));
  return form;
}

export const deliverMailgun = (url: string, body: URLSearchParams | FormData): Promise<Delivery> => post(url, body);

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export function postmarkPayload(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    From: 'casey@customer.example',
    FromFull: { Email: 'casey@customer.example', Name: 'Casey Customer', MailboxHash: '' },
    To: 'support@desk.example',
    ToFull: [{ Email: 'support@desk.example', Name: '', MailboxHash: '' }],
    Subject: 'Order 42',
    MessageID: '22c74902-a0c1-4511-804f-341342852c90',
    Date: 'Thu, 5 Apr 2026 16:59:01 +0200',
    MailboxHash: '',
    TextBody: 'Where is order 42?',
    HtmlBody: '<p>Where is order 42?</p>',
    StrippedTextReply: '',
    Headers: [{ Name: 'Message-ID', Value: '<order-42@customer.example>' }],
    Attachments: [],
    ...over,
  };
}

export const deliverPostmark = (url: string, body: string, auth: { user: string; password: string } | null): Promise<Delivery> =>
  post(url, body, { 'content-type': 'application/json', ...(auth ? { authorization: basic(auth.user, auth.password) } : {}) });

/** Inbound Parse: the parsed fields, or the raw message in `email` ("POST the raw, full MIME message"). */
export function sendgridForm(fields: Record<string, string>, files: readonly { field: string; name: string; type: string; content: Buffer }[] = []): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append(f.field, new Blob([f.content], { type: f.type }), f.name);
  return form;
}

export const deliverSendgrid = (url: string, body: FormData, auth: { user: string; password: string } | null): Promise<Delivery> =>
  post(url, body, auth ? { authorization: basic(auth.user, auth.password) } : {});
