// `messaging[]` events of Messenger and Instagram Direct → customer messages and delivery receipts. Echoes of
// Page-sent messages (ours included) are not customer messages (PROTOCOLS.md §2).
import type { InboundMessage } from '../../domain/inbound-message.js';
import type { DeliveryUpdate } from '../connector.js';
import { zodReason } from '../shared/zod-reason.js';
import { dmId } from './external-id.js';
import { messagingEvent } from './wire-schema.js';

export type MessagingResult =
  | { readonly ok: true; readonly messages: readonly InboundMessage[]; readonly deliveryUpdates: readonly DeliveryUpdate[] }
  | { readonly ok: false; readonly reason: string };

export function parseMessaging(event: unknown, where: string): MessagingResult {
  const e = messagingEvent.safeParse(event);
  if (!e.success) return { ok: false, reason: `${where}: ${zodReason(e.error.issues, 'event')}` };
  const { sender, message, delivery } = e.data;
  const updates: DeliveryUpdate[] = (delivery?.mids ?? []).map((mid) => ({ externalId: dmId(mid), status: 'delivered' }));
  if (!message || message.is_echo || message.is_deleted) return { ok: true, messages: [], deliveryUpdates: updates };
  // Attachments stay with Meta; the message names each one so the agent sees it.
  const attachments = (message.attachments ?? []).map((a) => `[${a.type}${a.payload?.url ? `: ${a.payload.url}` : ''}]`);
  const inbound: InboundMessage = {
    externalId: dmId(message.mid),
    threadKey: `dm:${sender.id}`,
    ...(message.reply_to?.mid ? { inReplyToExternalId: dmId(message.reply_to.mid) } : {}),
    direction: 'inbound',
    author: { handle: sender.id },
    text: [message.text ?? '', ...attachments].filter((s) => s.length > 0).join('\n'),
    sentAt: e.data.timestamp,
    isPublic: false,
  };
  return { ok: true, messages: [inbound], deliveryUpdates: updates };
}
