// Webhook bodies shaped as Meta sends them (PROTOCOLS.md §2, §3), for tests to deliver through the fake's driver.
export const messengerEvent = (o: { pageId: string; psid: string; mid: string; text: string; timestamp?: number; replyTo?: string; echo?: boolean }) => ({
  sender: { id: o.echo ? o.pageId : o.psid },
  recipient: { id: o.echo ? o.psid : o.pageId },
  timestamp: o.timestamp ?? Date.now(),
  message: { mid: o.mid, text: o.text, ...(o.replyTo ? { reply_to: { mid: o.replyTo } } : {}), ...(o.echo ? { is_echo: true, app_id: 1234 } : {}) },
});

export const pageEntry = (pageId: string, parts: { messaging?: unknown[]; changes?: unknown[] }) => ({ id: pageId, time: Date.now(), ...parts });

export const pageDelivery = (object: 'page' | 'instagram', entries: unknown[]) => ({ object, entry: entries });

export const feedComment = (o: { pageId: string; post: string; comment: string; parent?: string; fromId: string; fromName?: string; text: string }) => ({
  field: 'feed',
  value: {
    item: 'comment',
    verb: 'add',
    post_id: `${o.pageId}_${o.post}`,
    comment_id: `${o.post}_${o.comment}`,
    parent_id: o.parent ?? `${o.pageId}_${o.post}`,
    from: { id: o.fromId, name: o.fromName ?? 'Jane Customer' },
    message: o.text,
    created_time: Math.floor(Date.now() / 1000),
  },
});

export const igComment = (o: { id: string; fromId: string; username: string; text: string; mediaId?: string; parentId?: string }) => ({
  field: 'comments',
  value: { id: o.id, text: o.text, from: { id: o.fromId, username: o.username }, media: { id: o.mediaId ?? '17900000000000001', media_product_type: 'FEED' }, ...(o.parentId ? { parent_id: o.parentId } : {}) },
});

export const waDelivery = (phoneNumberId: string, value: { messages?: unknown[]; statuses?: unknown[]; contacts?: unknown[] }) => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '102290129340398',
      changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId }, ...value } }],
    },
  ],
});

export const waText = (o: { id: string; from: string; text: string; name?: string; contextId?: string; timestamp?: number }) => ({
  contacts: [{ profile: { name: o.name ?? 'Sheena' }, wa_id: o.from }],
  messages: [{ from: o.from, id: o.id, timestamp: String(Math.floor((o.timestamp ?? Date.now()) / 1000)), type: 'text', text: { body: o.text }, ...(o.contextId ? { context: { from: '15550783881', id: o.contextId } } : {}) }],
});

export const waStatus = (id: string, status: string, recipient: string, errors?: { code: number; title: string }[]) => ({
  id,
  status,
  timestamp: String(Math.floor(Date.now() / 1000)),
  recipient_id: recipient,
  ...(errors ? { errors } : {}),
});
