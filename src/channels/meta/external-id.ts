// Facebook and Instagram accounts carry two kinds of items, public comments and private messages, that are answered
// through different Graph endpoints. Our external ids say which is which (`comment:`, `post:`, `dm:`), so the
// outbox can route a reply from the id of the message it answers; WhatsApp has one kind and keeps bare wamids.
export const commentId = (id: string): string => `comment:${id}`;
export const postId = (id: string): string => `post:${id}`;
export const dmId = (mid: string): string => `dm:${mid}`;

export type MetaItemRef = { readonly kind: 'comment' | 'post' | 'dm'; readonly id: string } | null;

export function metaItemRef(externalId: string | undefined): MetaItemRef {
  const m = /^(comment|post|dm):(.+)$/.exec(externalId ?? '');
  return m ? { kind: m[1] as 'comment' | 'post' | 'dm', id: m[2]! } : null;
}
