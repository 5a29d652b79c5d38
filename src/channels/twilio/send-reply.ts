// Sending through Twilio's REST API (PROTOCOLS.md §10): POST Messages.json with Basic auth, and the lookup that
// tells whether a send that timed out went through after all, so a retry never posts twice.
import { ChannelError } from '../../domain/errors.js';
import type { ConnectorContext, OutboundReply, SendOutcome } from '../connector.js';
import { callProvider, throwForStatus } from '../shared/provider-call.js';
import type { TwilioConfig } from './config-schema.js';
import { errorBody, messageList, messageResource } from './wire-schema.js';

/** Twilio error codes that no retry can fix, with what they mean for the agent. */
const PERMANENT: Readonly<Record<number, string>> = {
  21610: 'the recipient has opted out (STOP)',
  63016: 'outside the WhatsApp 24-hour window: only an approved template can be sent',
  21211: 'the recipient number is not valid',
  21614: 'the recipient number cannot receive SMS',
};

const auth = (s: TwilioConfig) => `Basic ${Buffer.from(`${s.accountSid}:${s.authToken}`).toString('base64')}`;
const messagesUrl = (s: TwilioConfig) => `${s.apiBaseUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${s.accountSid}/Messages.json`;

function describe(body: unknown): string {
  const e = errorBody.safeParse(body);
  if (!e.success) return '';
  const meaning = e.data.code === undefined ? undefined : PERMANENT[e.data.code];
  return [e.data.code === undefined ? '' : `error ${e.data.code}`, meaning ?? e.data.message ?? ''].filter(Boolean).join(': ');
}

export async function sendTwilioReply(ctx: ConnectorContext<TwilioConfig>, item: OutboundReply): Promise<SendOutcome> {
  const s = ctx.settings;
  const form = new URLSearchParams({ To: item.to, Body: item.text });
  if (s.messagingServiceSid) form.set('MessagingServiceSid', s.messagingServiceSid);
  else if (s.fromNumber) form.set('From', s.fromNumber);
  if (ctx.webhookUrl) form.set('StatusCallback', ctx.webhookUrl);
  const response = await callProvider(ctx.fetch, messagesUrl(s), {
    method: 'POST',
    headers: { authorization: auth(s), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
    timeoutMs: ctx.timeoutMs,
    now: ctx.now,
    what: 'Twilio send',
  });
  throwForStatus(response, 'Twilio send', ctx.now(), describe);
  const created = messageResource.safeParse(response.body);
  if (!created.success) {
    // 2xx without a sid: the message may exist; retrying blindly could post twice, so a lookup decides.
    throw new ChannelError('CHANNEL_UNAVAILABLE', 'Twilio send: 2xx answer without a message sid', { retryable: true, details: { ambiguous: true } });
  }
  return { kind: 'sent', externalId: created.data.sid, status: 'sent' };
}

/**
 * Twilio has no idempotency key for REST sends; after an ambiguous failure we list messages to the recipient
 * since the first attempt's day and match our exact body, the most Twilio lets us check.
 */
export async function findTwilioSent(ctx: ConnectorContext<TwilioConfig>, item: OutboundReply): Promise<SendOutcome | null> {
  const s = ctx.settings;
  const day = new Date(item.firstAttemptAt).toISOString().slice(0, 10);
  const query = new URLSearchParams({ To: item.to, 'DateSent>': day, PageSize: '50' });
  if (s.fromNumber && !s.messagingServiceSid) query.set('From', s.fromNumber);
  const response = await getTwilio(ctx, `${messagesUrl(s)}?${query}`, 'Twilio message lookup');
  const list = messageList.safeParse(response.body);
  if (!list.success) throw new ChannelError('CHANNEL_UNAVAILABLE', 'Twilio message lookup: unreadable answer', { retryable: true });
  const match = list.data.messages.find((m) => m.body === item.text && (m.to === undefined || m.to === item.to));
  return match ? { kind: 'sent', externalId: match.sid, status: 'sent' } : null;
}

/** An authenticated GET; a refusal or failure becomes the ChannelError its status calls for. */
async function getTwilio(ctx: ConnectorContext<TwilioConfig>, url: string, what: string): ReturnType<typeof callProvider> {
  const response = await callProvider(ctx.fetch, url, {
    method: 'GET',
    headers: { authorization: auth(ctx.settings), accept: 'application/json' },
    timeoutMs: ctx.timeoutMs,
    now: ctx.now,
    what,
  });
  throwForStatus(response, what, ctx.now(), describe);
  return response;
}

export async function testTwilioConnection(ctx: ConnectorContext<TwilioConfig>): Promise<{ ok: true; detail: string } | { ok: false; reason: string }> {
  const s = ctx.settings;
  try {
    await getTwilio(ctx, `${s.apiBaseUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${s.accountSid}.json`, 'Twilio account check');
    return { ok: true, detail: `account ${s.accountSid} reachable` };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}
