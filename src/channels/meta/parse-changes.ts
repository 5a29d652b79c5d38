// `changes[]` items of Page and Instagram deliveries → messages: Page feed comments and visitor posts, Instagram
// comments. Our own comments (author = the entry's Page or Instagram account) are never customer messages.
import type { InboundMessage } from '../../domain/inbound-message.js';
import { epochMsOf } from '../shared/epoch.js';
import { zodReason } from '../shared/zod-reason.js';
import { commentId, postId } from './external-id.js';
import { feedValue, igCommentValue, type MetaEntry } from './wire-schema.js';

export type ItemsOrReason = { readonly ok: true; readonly messages: readonly InboundMessage[] } | { readonly ok: false; readonly reason: string };

function feedMessage(entry: MetaEntry, value: unknown, where: string): ItemsOrReason {
  const v = feedValue.safeParse(value);
  if (!v.success) return { ok: false, reason: `${where}: ${zodReason(v.error.issues, 'value')}` };
  const f = v.data;
  // Edits, removals and reactions carry no new customer text (the pipeline has no edit/delete yet: issue 7).
  if (f.verb !== 'add' || !f.from || f.from.id === entry.id || f.message === undefined) return { ok: true, messages: [] };
  const sentAt = epochMsOf(f.created_time ?? entry.time ?? 0);
  const author = { handle: f.from.id, ...(f.from.name ? { displayName: f.from.name } : {}), profileUrl: `https://www.facebook.com/${f.from.id}` };
  if (f.item === 'comment' && f.comment_id && f.post_id) {
    const topLevel = f.parent_id === undefined || f.parent_id === f.post_id;
    const message: InboundMessage = {
      externalId: commentId(f.comment_id),
      // A top-level comment answers the Page's own post, which is never ingested: one conversation per person and
      // post, instead of every commenter joining one conversation through the shared parent.
      ...(topLevel ? { threadKey: `fbpost:${f.post_id}:${f.from.id}` } : { inReplyToExternalId: commentId(f.parent_id!) }),
      direction: 'inbound',
      author,
      text: f.message,
      sentAt,
      isPublic: true,
    };
    return { ok: true, messages: [message] };
  }
  if ((f.item === 'post' || f.item === 'status') && f.post_id) {
    return { ok: true, messages: [{ externalId: postId(f.post_id), direction: 'inbound', author, text: f.message, sentAt, isPublic: true }] };
  }
  return { ok: true, messages: [] };
}

function igComment(entry: MetaEntry, value: unknown, where: string): ItemsOrReason {
  const v = igCommentValue.safeParse(value);
  if (!v.success) return { ok: false, reason: `${where}: ${zodReason(v.error.issues, 'value')}` };
  const c = v.data;
  if (c.from.id === entry.id) return { ok: true, messages: [] };
  const message: InboundMessage = {
    externalId: commentId(c.id),
    ...(c.parent_id ? { inReplyToExternalId: commentId(c.parent_id) } : { threadKey: `igmedia:${c.media?.id ?? 'unknown'}:${c.from.id}` }),
    direction: 'inbound',
    author: {
      handle: c.from.id,
      ...(c.from.username ? { displayName: `@${c.from.username}`, profileUrl: `https://www.instagram.com/${c.from.username}` } : {}),
    },
    text: c.text,
    sentAt: epochMsOf(entry.time ?? 0),
    isPublic: true,
  };
  return { ok: true, messages: [message] };
}

/** Fields we read; others (`mentions` pointers, `ratings`, `live_videos`…) are stored raw and produce nothing yet. */
export function parseChange(entry: MetaEntry, field: string, value: unknown, where: string): ItemsOrReason {
  if (field === 'feed') return feedMessage(entry, value, where);
  if (field === 'comments') return igComment(entry, value, where);
  return { ok: true, messages: [] };
}
