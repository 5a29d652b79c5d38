// A stored Meta delivery → messages and receipts. One POST batches many `entry` items with many events each
// (PROTOCOLS.md §2); every item is parsed, and one unreadable item dead-letters the delivery with its position,
// so nothing is dropped silently. Pure: no clock, no I/O.
import type { InboundMessage } from '../../domain/inbound-message.js';
import type { DeliveryUpdate, ParseOutcome } from '../connector.js';
import { parseJsonBody } from '../shared/json-body.js';
import { storedBody, storedWebhookSchema } from '../shared/stored-webhook.js';
import { zodReason } from '../shared/zod-reason.js';
import { parseChange } from './parse-changes.js';
import { parseMessaging } from './parse-messaging.js';
import { parseWhatsappChange } from './parse-whatsapp.js';
import { metaEnvelope } from './wire-schema.js';

/** `object` of the deliveries each kind receives. */
export const META_OBJECTS = { facebook: 'page', instagram: 'instagram', whatsapp: 'whatsapp_business_account' } as const;
export type MetaKind = keyof typeof META_OBJECTS;

export function parseMetaBody(kind: MetaKind, body: Buffer): ParseOutcome {
  const json = parseJsonBody(body);
  if (!json.ok) return { kind: 'invalid', reason: json.reason };
  const envelope = metaEnvelope.safeParse(json.value);
  if (!envelope.success) return { kind: 'invalid', reason: `delivery: ${zodReason(envelope.error.issues)}` };
  if (envelope.data.object !== META_OBJECTS[kind]) {
    return { kind: 'invalid', reason: `object: expected ${META_OBJECTS[kind]} for a ${kind} account; got ${envelope.data.object}` };
  }
  const messages: InboundMessage[] = [];
  const deliveryUpdates: DeliveryUpdate[] = [];
  for (const [i, entry] of envelope.data.entry.entries()) {
    for (const [j, change] of (entry.changes ?? []).entries()) {
      const where = `entry.${i}.changes.${j}`;
      if (kind === 'whatsapp') {
        if (change.field !== 'messages') continue;
        const r = parseWhatsappChange(change.value, where);
        if (!r.ok) return { kind: 'invalid', reason: r.reason };
        messages.push(...r.messages);
        deliveryUpdates.push(...r.deliveryUpdates);
        continue;
      }
      const r = parseChange(entry, change.field, change.value, where);
      if (!r.ok) return { kind: 'invalid', reason: r.reason };
      messages.push(...r.messages);
    }
    for (const [j, event] of (entry.messaging ?? []).entries()) {
      const r = parseMessaging(event, `entry.${i}.messaging.${j}`);
      if (!r.ok) return { kind: 'invalid', reason: r.reason };
      messages.push(...r.messages);
      deliveryUpdates.push(...r.deliveryUpdates);
    }
  }
  return { kind: 'ok', messages, deliveryUpdates };
}

/** The stored-webhook wrapper around `parseMetaBody`, as the ingest and receipt workers call it. */
export function metaParser(kind: MetaKind): (payload: unknown) => ParseOutcome {
  return (payload) => {
    const stored = storedWebhookSchema.safeParse(payload);
    if (!stored.success) return { kind: 'invalid', reason: `stored webhook: ${zodReason(stored.error.issues)}` };
    return parseMetaBody(kind, storedBody(stored.data));
  };
}
