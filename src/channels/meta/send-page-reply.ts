// Replies on Facebook Pages and Instagram (PROTOCOLS.md §2): a comment is answered in public under it, a message
// through the Send API. Messenger and Instagram Direct allow free-form answers for 24 hours after the customer's
// last message, and a human agent up to 7 days with the HUMAN_AGENT tag when the account is allowed to use it.
import { ChannelError } from '../../domain/errors.js';
import type { OutboundReply, SendOutcome } from '../connector.js';
import { commentId, dmId, metaItemRef } from './external-id.js';
import { graphRequest, refusal, type GraphOutcome, type GraphTarget } from './graph-call.js';
import { createdObject, sendApiAnswer } from './wire-schema.js';

export interface PageReplyOptions {
  readonly network: 'Facebook' | 'Instagram';
  /** Instagram answers comments at `/{id}/replies`, Facebook at `/{id}/comments`. */
  readonly commentEdge: 'comments' | 'replies';
  readonly humanAgentTag: boolean;
}

/** Messenger's "outside the allowed window" refusal: code 10, subcode 2018278 (Instagram uses the same pair). */
const isWindowClosed = (o: GraphOutcome): boolean => o.kind === 'refused' && o.code === 10 && o.subcode === 2018278;

function unreadable(what: string): ChannelError {
  // A 2xx without an id: the item may exist, but Meta has no lookup by our key; retrying could post twice.
  return new ChannelError('CHANNEL_REJECTED', `${what}: 2xx answer without an id; not retried to avoid posting twice`, { retryable: false });
}

async function sendMessage(t: GraphTarget, o: PageReplyOptions, item: OutboundReply): Promise<SendOutcome> {
  const what = `${o.network} message`;
  const send = (tagged: boolean) =>
    graphRequest(t, 'POST', 'me/messages', {
      recipient: { id: item.to },
      ...(tagged ? { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' } : { messaging_type: 'RESPONSE' }),
      message: { text: item.text },
    }, what);
  let outcome = await send(false);
  if (isWindowClosed(outcome) && o.humanAgentTag) outcome = await send(true);
  if (outcome.kind === 'refused') {
    const meaning = !isWindowClosed(outcome)
      ? undefined
      : o.humanAgentTag
        ? 'the customer last wrote more than 7 days ago, past even the human-agent window; wait for them to write again'
        : 'outside the 24-hour messaging window after the customer\'s last message; enable humanAgentTag (needs Meta\'s Human Agent permission) to answer up to 7 days after it';
    throw refusal(outcome, what, meaning);
  }
  const answer = sendApiAnswer.safeParse(outcome.body);
  if (!answer.success) throw unreadable(what);
  return { kind: 'sent', externalId: dmId(answer.data.message_id), status: 'sent' };
}

async function sendComment(t: GraphTarget, o: PageReplyOptions, parentId: string, text: string): Promise<SendOutcome> {
  const what = `${o.network} comment reply`;
  const outcome = await graphRequest(t, 'POST', `${encodeURIComponent(parentId)}/${o.commentEdge}`, { message: text }, what);
  if (outcome.kind === 'refused') throw refusal(outcome, what);
  const created = createdObject.safeParse(outcome.body);
  if (!created.success) throw unreadable(what);
  return { kind: 'sent', externalId: commentId(created.data.id), status: 'sent' };
}

export function sendPageReply(t: GraphTarget, o: PageReplyOptions, item: OutboundReply): Promise<SendOutcome> {
  const ref = metaItemRef(item.inReplyToExternalId);
  if (ref?.kind === 'dm') return sendMessage(t, o, item);
  if (ref?.kind === 'comment' || ref?.kind === 'post') return sendComment(t, o, ref.id, item.text);
  return Promise.reject(
    new ChannelError('CHANNEL_CANNOT_REPLY', `${o.network}: cannot tell whether ${item.inReplyToExternalId ?? '(no message)'} is a comment or a message, so there is nowhere to reply`, { retryable: false }),
  );
}
