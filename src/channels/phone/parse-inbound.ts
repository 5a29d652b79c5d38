// CTI events → timeline messages. A call is a short series of messages on the customer's phone thread: the
// customer's side (an incoming call, a missed call) is inbound, the company's side (answering, an outgoing call)
// is outbound — so an answered call leaves the conversation answered, and a missed call leaves work in the queue.
import type { InboundMessage } from '../../domain/inbound-message.js';
import type { ParseOutcome } from '../connector.js';
import { storedBody, storedWebhookSchema } from '../shared/stored-webhook.js';
import { decodeCtiBody } from './verify-webhook.js';
import { ctiEvent, type CtiEvent } from './wire-schema.js';

/** Hang-up causes that mean nobody talked to the caller (PROTOCOLS.md §12). */
const MISSED_CAUSES = new Set(['cancel', 'noAnswer', 'busy', 'congestion', 'notFound']);

/** Marks the text of a missed-call message; `listCallbackTasks`-style queries and the UI key on it. */
export const MISSED_CALL_PREFIX = 'Missed call';

export function isMissedCall(e: CtiEvent): boolean {
  if (e.event !== 'hangup' || e.direction !== 'in') return false;
  if (e.cause !== undefined) return MISSED_CAUSES.has(e.cause);
  return e.answeringNumber === undefined;
}

const agents = (user: CtiEvent['user']): string => (user === undefined ? '' : Array.isArray(user) ? user.join(', ') : user);

function describe(e: CtiEvent): { text: string; direction: 'inbound' | 'outbound' } {
  const customer = e.direction === 'in' ? e.from : e.to;
  if (e.direction === 'out') {
    const by = agents(e.user);
    if (e.event === 'newCall') return { direction: 'outbound', text: `Outgoing call to ${customer}${by ? ` by ${by}` : ''}` };
    if (e.event === 'answer') return { direction: 'outbound', text: `Outgoing call to ${customer} answered` };
    return { direction: 'outbound', text: `Outgoing call to ${customer} ended${e.cause ? ` (${e.cause})` : ''}` };
  }
  if (e.event === 'newCall') return { direction: 'inbound', text: `Incoming call from ${customer} to ${e.to}${e.queue ? ` (queue ${e.queue})` : ''}` };
  if (e.event === 'answer') {
    const who = agents(e.user) || e.answeringNumber || 'an agent';
    return { direction: 'outbound', text: `Call from ${customer} answered by ${who}` };
  }
  if (isMissedCall(e)) return { direction: 'inbound', text: `${MISSED_CALL_PREFIX} from ${customer}${e.cause ? ` (${e.cause})` : ''}: call back` };
  return { direction: 'outbound', text: `Call from ${customer} ended${e.cause ? ` (${e.cause})` : ''}` };
}

export function parseCtiInbound(payload: unknown): ParseOutcome {
  const stored = storedWebhookSchema.safeParse(payload);
  if (!stored.success) return { kind: 'invalid', reason: 'stored webhook: unreadable' };
  const decoded = decodeCtiBody(stored.data.contentType, storedBody(stored.data));
  if (typeof decoded === 'string') return { kind: 'invalid', reason: decoded };
  const parsed = ctiEvent.safeParse(decoded);
  if (!parsed.success) {
    return { kind: 'invalid', reason: parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; ') };
  }
  const e = parsed.data;
  const number = e.direction === 'in' ? e.from : e.to;
  // Every anonymous caller is someone else: never one contact for all of them.
  const handle = number === 'anonymous' ? `anonymous:${e.callId}` : number;
  const { text, direction } = describe(e);
  const message: InboundMessage = {
    externalId: `call:${e.callId}:${e.event}`,
    threadKey: `phone:${handle}`,
    direction,
    author: {
      handle,
      ...(/^\+?[1-9]\d{5,14}$/.test(number) ? { verifiedPhone: number.startsWith('+') ? number : `+${number}` } : {}),
    },
    text,
    sentAt: stored.data.receivedAt,
    isPublic: false,
  };
  return { kind: 'ok', messages: [message], deliveryUpdates: [] };
}
