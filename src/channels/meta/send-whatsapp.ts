// WhatsApp Cloud API sends (PROTOCOLS.md §3): text with `context` pointing at the message answered. Free-form text
// is refused 24 hours after the customer's last message (131047); then the configured approved template is sent
// instead, its one body parameter filled with the reply, or the reply fails saying why.
import type { OutboundReply, SendOutcome } from '../connector.js';
import { ChannelError } from '../../domain/errors.js';
import { graphRequest, refusal, type GraphTarget } from './graph-call.js';
import { waSendAnswer } from './wire-schema.js';

export interface WhatsappSendOptions {
  readonly phoneNumberId: string;
  readonly template: { readonly name: string; readonly language: string } | null;
}

const WINDOW_CLOSED = 131047;

export async function sendWhatsappReply(t: GraphTarget, o: WhatsappSendOptions, item: OutboundReply): Promise<SendOutcome> {
  const base = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: item.to,
    ...(item.inReplyToExternalId ? { context: { message_id: item.inReplyToExternalId } } : {}),
  };
  const path = `${o.phoneNumberId}/messages`;
  let outcome = await graphRequest(t, 'POST', path, { ...base, type: 'text', text: { body: item.text, preview_url: false } }, 'WhatsApp send');
  if (outcome.kind === 'refused' && outcome.code === WINDOW_CLOSED && o.template) {
    const template = {
      name: o.template.name,
      language: { code: o.template.language },
      components: [{ type: 'body', parameters: [{ type: 'text', text: item.text }] }],
    };
    outcome = await graphRequest(t, 'POST', path, { ...base, type: 'template', template }, 'WhatsApp template send');
  }
  if (outcome.kind === 'refused') {
    throw refusal(
      outcome,
      'WhatsApp send',
      outcome.code === WINDOW_CLOSED
        ? 'outside the 24-hour window after the customer\'s last message only an approved template can be sent; set templateName on the account'
        : undefined,
    );
  }
  const answer = waSendAnswer.safeParse(outcome.body);
  if (!answer.success) throw new ChannelError('CHANNEL_REJECTED', 'WhatsApp send: 2xx answer without a message id; not retried to avoid sending twice', { retryable: false });
  return { kind: 'sent', externalId: answer.data.messages[0]!.id, status: 'sent' };
}
