// A stored Twilio delivery → messages or delivery updates. Pure: no clock (the arrival time is in the stored
// payload, because Twilio's webhooks carry no timestamp), no I/O.
import type { InboundMessage } from '../../domain/inbound-message.js';
import type { DeliveryUpdate, ParseOutcome } from '../connector.js';
import { formAll, formObject, parseFormBody } from '../shared/form-body.js';
import { storedBody, storedWebhookSchema } from '../shared/stored-webhook.js';
import { inboundMessageForm, statusCallbackForm } from './wire-schema.js';

const zodReason = (issues: readonly { path: readonly PropertyKey[]; message: string }[]): string =>
  issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; ');

/** Forward-only mapping of Twilio's statuses onto ours; intermediate ones carry no news. */
function deliveryStatus(status: string): DeliveryUpdate['status'] | null {
  switch (status) {
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'failed':
    case 'undelivered':
    case 'canceled':
      return 'failed';
    default:
      return null;
  }
}

export function parseTwilioInbound(payload: unknown): ParseOutcome {
  const stored = storedWebhookSchema.safeParse(payload);
  if (!stored.success) return { kind: 'invalid', reason: `stored webhook: ${zodReason(stored.error.issues)}` };
  const pairs = parseFormBody(storedBody(stored.data));
  if (pairs === null) return { kind: 'invalid', reason: 'body: not UTF-8 form data' };
  const form = formObject(pairs);

  const status = form['MessageStatus'];
  if (status !== undefined && status !== 'received' && status !== 'receiving') {
    const cb = statusCallbackForm.safeParse(form);
    if (!cb.success) return { kind: 'invalid', reason: `status callback: ${zodReason(cb.error.issues)}` };
    const mapped = deliveryStatus(cb.data.MessageStatus);
    const updates: DeliveryUpdate[] =
      mapped === null
        ? []
        : [
            {
              externalId: cb.data.MessageSid,
              status: mapped,
              ...(mapped === 'failed' ? { reason: `Twilio ${cb.data.MessageStatus}${cb.data.ErrorCode ? ` (error ${cb.data.ErrorCode})` : ''}` } : {}),
            },
          ];
    return { kind: 'ok', messages: [], deliveryUpdates: updates };
  }

  const parsed = inboundMessageForm.safeParse(form);
  if (!parsed.success) return { kind: 'invalid', reason: `inbound message: ${zodReason(parsed.error.issues)}` };
  const m = parsed.data;
  // Media stays with Twilio (downloads need Basic auth); the message names each item so the agent sees it.
  const media = Array.from({ length: m.NumMedia }, (_, i) => {
    const url = formAll(pairs, `MediaUrl${i}`)[0];
    const type = formAll(pairs, `MediaContentType${i}`)[0] ?? 'application/octet-stream';
    return url ? `[attachment ${type}: ${url}]` : null;
  }).filter((s): s is string => s !== null);
  const text = [m.Body, ...media].filter((s) => s.length > 0).join('\n');
  const number = m.From.replace(/^whatsapp:/, '');
  const message: InboundMessage = {
    externalId: m.MessageSid,
    // One thread per customer address on this number, like a phone's message list.
    threadKey: `from:${m.From}`,
    ...(m.OriginalRepliedMessageSid ? { inReplyToExternalId: m.OriginalRepliedMessageSid } : {}),
    direction: 'inbound',
    author: {
      handle: m.From,
      ...(m.ProfileName ? { displayName: m.ProfileName } : {}),
      // The carrier (or WhatsApp) vouches for the sender's number, so it may merge contacts across channels.
      ...(/^\+[1-9]\d{1,14}$/.test(number) ? { verifiedPhone: number } : {}),
    },
    text,
    sentAt: stored.data.receivedAt,
    isPublic: false,
  };
  return { kind: 'ok', messages: [message], deliveryUpdates: [] };
}
