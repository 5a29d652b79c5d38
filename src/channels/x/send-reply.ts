// Replies on X (PROTOCOLS.md §1): a post answers the customer's post with `reply.in_reply_to_tweet_id`; a DM
// goes to the customer's DM conversation. Both need user-context auth. X has no idempotency key and no lookup
// by ours, so there is no `findSent`: a timeout is retried and may, rarely, post twice.
import { ChannelError } from '../../domain/errors.js';
import type { ConnectorContext, OutboundReply, SendOutcome } from '../connector.js';
import { callX } from './api-call.js';
import type { XConfig } from './config-schema.js';
import { dmExternalId } from './parse-inbound.js';
import { dmCreated, tweetCreated } from './wire-schema.js';

export async function sendXReply(ctx: ConnectorContext<XConfig>, item: OutboundReply): Promise<SendOutcome> {
  const answered = item.inReplyToExternalId;
  if (answered?.startsWith('dm:')) {
    const r = await callX(ctx, { method: 'POST', path: `/2/dm_conversations/with/${encodeURIComponent(item.to)}/messages`, auth: 'user', body: { text: item.text }, what: 'X DM send' });
    const created = dmCreated.safeParse(r.body);
    if (!created.success) throw new ChannelError('CHANNEL_REJECTED', 'X DM send: 2xx answer without dm_event_id; not retried to avoid sending twice', { retryable: false });
    return { kind: 'sent', externalId: dmExternalId(created.data.data.dm_event_id), status: 'sent' };
  }
  const body = { text: item.text, ...(answered ? { reply: { in_reply_to_tweet_id: answered } } : {}) };
  const r = await callX(ctx, { method: 'POST', path: '/2/tweets', auth: 'user', body, what: 'X reply' });
  const created = tweetCreated.safeParse(r.body);
  if (!created.success) throw new ChannelError('CHANNEL_REJECTED', 'X reply: 2xx answer without a post id; not retried to avoid posting twice', { retryable: false });
  return { kind: 'sent', externalId: created.data.data.id, status: 'sent' };
}

export async function testXConnection(ctx: ConnectorContext<XConfig>): Promise<{ ok: true; detail: string } | { ok: false; reason: string }> {
  try {
    await callX(ctx, { method: 'GET', path: '/2/users/me', auth: 'user', what: 'X account check' });
    return { ok: true, detail: `X account ${ctx.settings.userId} reachable` };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}
