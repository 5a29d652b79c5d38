import { describe, expect, it } from 'vitest';
import { EMPTY_TIMING } from '../../../src/domain/conversation-timing.js';
import type { ChannelAccountId, ContactId, ConversationId, OrganisationId, QueueId, RawInboundId } from '../../../src/domain/ids.js';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import type { ThreadState } from '../../../src/domain/ingest.js';
import { planThreads, type ThreadInputMessage } from '../../../src/pipeline/plan-threads.js';

const DAY = 86_400_000;
const ids = () => {
  let n = 0;
  return () => `conv-${++n}` as ConversationId;
};
const msg = (id: string, over: Partial<InboundMessage> = {}): ThreadInputMessage => ({
  rawId: '1' as RawInboundId,
  contactId: (over.direction === 'outbound' ? null : 'contact-1') as ContactId | null,
  message: { externalId: id, direction: 'inbound', author: { handle: 'h' }, text: id, sentAt: 1000, isPublic: true, ...over },
});
const plan = (messages: ThreadInputMessage[], states = new Map<string, ThreadState>()) =>
  planThreads({
    organisationId: 'org' as OrganisationId,
    channelAccountId: 'acct' as ChannelAccountId,
    messages,
    states,
    defaultQueueId: 'queue' as QueueId,
    reopenWindowMs: 7 * DAY,
    newConversationId: ids(),
  });
const stored = (conversationId: string, over: Partial<ThreadState> = {}): ThreadState => ({
  conversationId: conversationId as ConversationId,
  status: 'open',
  resolvedAt: null,
  contactId: 'contact-1' as ContactId,
  timing: { ...EMPTY_TIMING, messageCount: 1, lastMessageAt: 500 },
  isStoredMessage: true,
  ...over,
});

describe('planThreads', () => {
  it('puts a reply chain delivered backwards into one new conversation', () => {
    const p = plan([msg('c', { inReplyToExternalId: 'b', sentAt: 3 }), msg('b', { inReplyToExternalId: 'a', sentAt: 2, direction: 'outbound' }), msg('a', { sentAt: 1 })]);
    expect(p.newConversations).toHaveLength(1);
    expect(new Set(p.threaded.map((t) => t.conversationId)).size).toBe(1);
  });

  it('merges two stored conversations when the missing middle message arrives', () => {
    const states = new Map([
      ['m:a', stored('conv-A')],
      ['m:b', stored('conv-B', { isStoredMessage: false })],
    ]);
    const p = plan([msg('b', { inReplyToExternalId: 'a' })], states);
    expect(p.merges).toEqual([{ from: 'conv-B', into: 'conv-A' }]);
    expect(p.threaded[0]!.conversationId).toBe('conv-A');
    expect(p.baseTimings.get('conv-A' as ConversationId)).toBeNull();
  });

  it('reopens a resolved conversation when the customer writes within the window', () => {
    const states = new Map([['t:dm', stored('conv-A', { status: 'resolved', resolvedAt: 1000, isStoredMessage: false })]]);
    const p = plan([msg('x', { threadKey: 'dm', sentAt: 1000 + DAY })], states);
    expect(p.statusChanges).toEqual([{ conversationId: 'conv-A', status: 'open' }]);
    expect(p.newConversations).toHaveLength(0);
  });

  it('starts a new conversation and re-points the thread key after the reopen window', () => {
    const states = new Map([['t:dm', stored('conv-A', { status: 'resolved', resolvedAt: 1000, isStoredMessage: false })]]);
    const p = plan([msg('x', { threadKey: 'dm', sentAt: 1000 + 8 * DAY })], states);
    expect(p.newConversations).toHaveLength(1);
    expect(p.links).toEqual([{ channelAccountId: 'acct', key: 't:dm', conversationId: 'conv-1' }]);
  });

  it('never reopens a closed conversation', () => {
    const states = new Map([['t:dm', stored('conv-A', { status: 'closed', isStoredMessage: false })]]);
    expect(plan([msg('x', { threadKey: 'dm' })], states).newConversations).toHaveLength(1);
  });

  it('moves a conversation to pending when the company answers last, and to open when the customer writes after', () => {
    const answered = plan([msg('a', { sentAt: 1 }), msg('b', { inReplyToExternalId: 'a', direction: 'outbound', sentAt: 2 })]);
    expect(answered.newConversations[0]!.status).toBe('pending');
    const followed = plan([msg('a', { sentAt: 1 }), msg('b', { inReplyToExternalId: 'a', direction: 'outbound', sentAt: 2 }), msg('c', { inReplyToExternalId: 'b', sentAt: 3 })]);
    expect(followed.newConversations[0]!.status).toBe('open');
  });

  it('does not let an old message arriving late change the status', () => {
    const states = new Map([['m:a', stored('conv-A', { status: 'pending', timing: { ...EMPTY_TIMING, messageCount: 2, lastMessageAt: 5000 } })]]);
    const p = plan([msg('old', { inReplyToExternalId: 'a', sentAt: 100 })], states);
    expect(p.statusChanges).toEqual([]);
  });

  it('learns the customer of a conversation the company started', () => {
    const states = new Map([['m:a', stored('conv-A', { contactId: null, status: 'pending' })]]);
    const p = plan([msg('b', { inReplyToExternalId: 'a', sentAt: 900 })], states);
    expect(p.contactAssignments).toEqual([{ conversationId: 'conv-A', contactId: 'contact-1' }]);
  });

  it('writes a link only for thread keys and parents the store does not know', () => {
    const states = new Map([['m:a', stored('conv-A')]]);
    const p = plan([msg('b', { inReplyToExternalId: 'a' }), msg('d', { inReplyToExternalId: 'c' })], states);
    expect(p.links.map((l) => l.key)).toEqual(['m:c']);
  });
});
