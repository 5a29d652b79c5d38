// A stored visitor frame → one inbound message on the visitor's thread. An email left for an answer by mail
// (nobody online) becomes part of the message, so the agent sees it in the transcript.
import type { InboundMessage } from '../../domain/inbound-message.js';
import type { ParseOutcome } from '../connector.js';
import { storedChatFrame } from './wire-schema.js';

export function parseChatInbound(payload: unknown): ParseOutcome {
  const parsed = storedChatFrame.safeParse(payload);
  if (!parsed.success) {
    return { kind: 'invalid', reason: parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'frame'}: ${i.message}`).join('; ') };
  }
  const f = parsed.data;
  const text = f.email ? `${f.body}\n\n(Visitor left an email address for the answer: ${f.email})` : f.body;
  const message: InboundMessage = {
    externalId: `${f.visitorId}:${f.clientMsgId}`,
    threadKey: `visitor:${f.visitorId}`,
    direction: 'inbound',
    // The visitor (their browser's signed id) is the handle replies are delivered to; a host-asserted user id
    // is kept in the raw frame.
    author: { handle: `visitor:${f.visitorId}`, ...(f.name ? { displayName: f.name } : f.userId ? { displayName: f.userId } : {}) },
    text,
    sentAt: f.ts,
    isPublic: false,
  };
  return { kind: 'ok', messages: [message], deliveryUpdates: [] };
}
