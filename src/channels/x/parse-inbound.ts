// X items → messages: Account Activity deliveries (v1.1 posts and DMs) and polled v2 posts. Our own posts and
// DMs are dropped (they arrive too, PROTOCOLS.md §1). Pure: no clock, no I/O.
import type { InboundAuthor, InboundMessage } from '../../domain/inbound-message.js';
import type { ParseOutcome } from '../connector.js';
import { epochMsOfIso } from '../shared/epoch.js';
import { parseJsonBody } from '../shared/json-body.js';
import { storedBody, storedWebhookSchema } from '../shared/stored-webhook.js';
import { zodReason } from '../shared/zod-reason.js';
import { aaaDelivery, polledPost, type AaaDelivery, type PolledPost, type V2User } from './wire-schema.js';

export const dmExternalId = (eventId: string): string => `dm:${eventId}`;

type V1User = { screen_name: string; name?: string | undefined; followers_count?: number | undefined; verified?: boolean | undefined; profile_image_url_https?: string | undefined };

const v1Author = (id: string, u: V1User | undefined): InboundAuthor =>
  u ? xAuthor(id, { username: u.screen_name, name: u.name, followers: u.followers_count, verified: u.verified, avatarUrl: u.profile_image_url_https }) : { handle: id };

const v2Author = (id: string, u: V2User | undefined): InboundAuthor =>
  u ? xAuthor(id, { username: u.username, name: u.name, followers: u.public_metrics?.followers_count, verified: u.verified, avatarUrl: u.profile_image_url }) : { handle: id };

/** The author profile X gives in both API versions, for triage's influence signal. */
function xAuthor(id: string, p: { username: string; name: string | undefined; followers: number | undefined; verified: boolean | undefined; avatarUrl: string | undefined }): InboundAuthor {
  return {
    handle: id,
    displayName: p.name ? `${p.name} (@${p.username})` : `@${p.username}`,
    profileUrl: `https://x.com/${p.username}`,
    ...(p.followers === undefined ? {} : { followers: p.followers }),
    ...(p.verified === undefined ? {} : { verified: p.verified }),
    ...(p.avatarUrl ? { avatarUrl: p.avatarUrl } : {}),
  };
}

function aaaMessages(d: AaaDelivery): InboundMessage[] {
  const out: InboundMessage[] = [];
  for (const t of d.tweet_create_events ?? []) {
    if (t.user.id_str === d.for_user_id) continue;
    out.push({
      externalId: t.id_str,
      ...(t.in_reply_to_status_id_str ? { inReplyToExternalId: t.in_reply_to_status_id_str } : {}),
      direction: 'inbound',
      author: v1Author(t.user.id_str, t.user),
      text: t.extended_tweet?.full_text ?? t.text ?? '',
      sentAt: t.timestamp_ms ? Number(t.timestamp_ms) : epochMsOfIso(t.created_at, 0),
      isPublic: true,
    });
  }
  for (const e of d.direct_message_events ?? []) {
    const mc = e.message_create;
    if (e.type !== 'message_create' || !mc || mc.sender_id === d.for_user_id) continue;
    out.push({
      externalId: dmExternalId(e.id),
      threadKey: `dm:${mc.sender_id}`,
      direction: 'inbound',
      author: v1Author(mc.sender_id, d.users?.[mc.sender_id]),
      text: mc.message_data.text,
      sentAt: Number(e.created_timestamp),
      isPublic: false,
    });
  }
  return out;
}

export function parseAaaBody(body: Buffer): ParseOutcome {
  const json = parseJsonBody(body);
  if (!json.ok) return { kind: 'invalid', reason: json.reason };
  const d = aaaDelivery.safeParse(json.value);
  if (!d.success) return { kind: 'invalid', reason: `account activity delivery: ${zodReason(d.error.issues)}` };
  return { kind: 'ok', messages: aaaMessages(d.data), deliveryUpdates: [] };
}

export function polledMessage(p: PolledPost): InboundMessage {
  const repliedTo = p.tweet.referenced_tweets?.find((r) => r.type === 'replied_to')?.id;
  return {
    externalId: p.tweet.id,
    ...(repliedTo ? { inReplyToExternalId: repliedTo } : {}),
    direction: 'inbound',
    author: v2Author(p.tweet.author_id, p.author),
    text: p.tweet.text,
    sentAt: epochMsOfIso(p.tweet.created_at, 0),
    isPublic: true,
  };
}

/** Stored webhook deliveries and polled posts share the `x` source; the stored shape tells them apart. */
export function parseXInbound(payload: unknown): ParseOutcome {
  const stored = storedWebhookSchema.safeParse(payload);
  if (stored.success) return parseAaaBody(storedBody(stored.data));
  const polled = polledPost.safeParse(payload);
  if (!polled.success) return { kind: 'invalid', reason: `polled post: ${zodReason(polled.error.issues, 'payload')}` };
  return { kind: 'ok', messages: [polledMessage(polled.data)], deliveryUpdates: [] };
}
