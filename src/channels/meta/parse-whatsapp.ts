// WhatsApp Cloud API `messages` changes → customer messages and delivery receipts (PROTOCOLS.md §3). Contacts are
// keyed on the business-scoped user id when present (2026 usernames), else on the phone number.
import type { InboundMessage } from '../../domain/inbound-message.js';
import type { DeliveryUpdate } from '../connector.js';
import { zodReason } from '../shared/zod-reason.js';
import { waValue } from './wire-schema.js';
import type { z } from 'zod';
import type { waMessage } from './wire-schema.js';

type WaMessage = z.infer<typeof waMessage>;

export type WhatsappResult =
  | { readonly ok: true; readonly messages: readonly InboundMessage[]; readonly deliveryUpdates: readonly DeliveryUpdate[] }
  | { readonly ok: false; readonly reason: string };

/** The text an agent sees; null for items that are not customer messages (reactions, system notices). */
function textOf(m: WaMessage): string | null {
  const media = m.image ?? m.video ?? m.audio ?? m.document ?? m.sticker;
  switch (m.type) {
    case 'text':
      return m.text?.body ?? '';
    case 'button':
      return m.button?.text ?? '';
    case 'interactive':
      return m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title ?? '';
    case 'location': {
      const l = m.location;
      return l ? `[location ${l.latitude},${l.longitude}${l.name ? ` ${l.name}` : ''}]` : '[location]';
    }
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker':
      return [`[${m.type}${media?.filename ? ` ${media.filename}` : ''}]`, media?.caption ?? ''].filter((s) => s.length > 0).join(' ');
    // Number/identity changes need contact merging rules the pipeline does not have yet (issue 7); kept raw.
    case 'system':
    case 'reaction':
      return null;
    default:
      return `[unsupported WhatsApp message type ${m.type}]`;
  }
}

/** sent < delivered < read; failed is terminal. Read counts as delivered in our ladder. */
function statusOf(status: string): DeliveryUpdate['status'] | null {
  if (status === 'sent') return 'sent';
  if (status === 'delivered' || status === 'read') return 'delivered';
  if (status === 'failed') return 'failed';
  return null;
}

export function parseWhatsappChange(value: unknown, where: string): WhatsappResult {
  const v = waValue.safeParse(value);
  if (!v.success) return { ok: false, reason: `${where}: ${zodReason(v.error.issues, 'value')}` };
  const contacts = v.data.contacts ?? [];
  const messages: InboundMessage[] = [];
  for (const m of v.data.messages ?? []) {
    const text = textOf(m);
    if (text === null) continue;
    const contact = contacts.find((c) => (m.user_id !== undefined && c.user_id === m.user_id) || (m.from !== undefined && c.wa_id === m.from));
    const handle = m.user_id ?? contact?.user_id ?? m.from;
    if (handle === undefined) return { ok: false, reason: `${where}: message ${m.id} names no sender (neither user_id nor from)` };
    const phone = m.from ?? contact?.wa_id;
    const name = contact?.profile?.name;
    messages.push({
      externalId: m.id,
      threadKey: `wa:${handle}`,
      ...(m.context?.id ? { inReplyToExternalId: m.context.id } : {}),
      direction: 'inbound',
      author: {
        handle,
        ...(name ? { displayName: name } : {}),
        // WhatsApp vouches for the number, so it may merge contacts across channels.
        ...(phone && /^[1-9]\d{6,14}$/.test(phone) ? { verifiedPhone: `+${phone}` } : {}),
      },
      text,
      sentAt: Number(m.timestamp) * 1000,
      isPublic: false,
    });
  }
  const deliveryUpdates: DeliveryUpdate[] = [];
  for (const s of v.data.statuses ?? []) {
    const status = statusOf(s.status);
    if (status === null) continue;
    const error = s.errors?.[0];
    deliveryUpdates.push({
      externalId: s.id,
      status,
      ...(status === 'failed' ? { reason: `WhatsApp ${error ? `error ${error.code}: ${error.title ?? error.message ?? ''}`.trim() : 'failed'}` } : {}),
    });
  }
  return { ok: true, messages, deliveryUpdates };
}
