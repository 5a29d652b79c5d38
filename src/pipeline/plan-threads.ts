// Threading as a pure decision: which conversation each new message joins, which conversations are new, merged
// or change status. Thread keys are `m:<message id>` (a message, or a parent awaited by replies that came first)
// and `t:<thread key>` (DM and email threads), so arrival order does not change the result.
import {
  statusOnCustomerMessage,
  type ConversationStatus,
} from '../domain/conversation-status.js';
import type { ChannelAccountId, ContactId, ConversationId, EpochMs, OrganisationId, QueueId, RawInboundId } from '../domain/ids.js';
import type { InboundMessage } from '../domain/inbound-message.js';
import { EMPTY_TIMING, type ConversationTiming } from '../domain/conversation-timing.js';
import type { IngestPlan, PlannedConversation, ThreadState } from '../domain/ingest.js';

export interface ThreadInputMessage {
  readonly rawId: RawInboundId;
  readonly message: InboundMessage;
  /** The author's contact for inbound messages; null for the company's own messages. */
  readonly contactId: ContactId | null;
}

export interface PlanThreadsInput {
  readonly organisationId: OrganisationId;
  readonly channelAccountId: ChannelAccountId;
  readonly messages: readonly ThreadInputMessage[];
  readonly states: ReadonlyMap<string, ThreadState>;
  readonly defaultQueueId: QueueId;
  readonly reopenWindowMs: number;
  readonly newConversationId: () => ConversationId;
}

export interface ThreadedMessage extends ThreadInputMessage {
  readonly conversationId: ConversationId;
}

export type ThreadPlan = Pick<IngestPlan, 'newConversations' | 'merges' | 'statusChanges' | 'contactAssignments' | 'links'> & {
  readonly threaded: readonly ThreadedMessage[];
  /** Timing before this batch of every conversation that gains messages; `null` after a merge (recompute). */
  readonly baseTimings: ReadonlyMap<ConversationId, ConversationTiming | null>;
};

interface WorkingConversation {
  status: ConversationStatus;
  /** Timing before this batch; null once another stored conversation was merged in. */
  baseTiming: ConversationTiming | null;
  readonly originalStatus: ConversationStatus | null;
  readonly resolvedAt: EpochMs | null;
  contactId: ContactId | null;
  readonly originalContactId: ContactId | null;
  lastMessageAt: EpochMs | null;
  planned: PlannedConversation | null;
}

export const messageKey = (externalId: string): string => `m:${externalId}`;
export const threadKey = (key: string): string => `t:${key}`;

/** Keys a message may be found under, in order of preference: its parent, its thread, itself. */
export function lookupKeys(m: InboundMessage): string[] {
  const keys: string[] = [];
  if (m.inReplyToExternalId) keys.push(messageKey(m.inReplyToExternalId));
  if (m.threadKey) keys.push(threadKey(m.threadKey));
  keys.push(messageKey(m.externalId));
  return keys;
}

function nextStatus(c: WorkingConversation, m: InboundMessage, reopenWindowMs: number): ConversationStatus | null {
  const isLatest = c.lastMessageAt === null || m.sentAt >= c.lastMessageAt;
  if (m.direction === 'inbound') {
    if (c.status === 'resolved' || c.status === 'closed') return statusOnCustomerMessage(c.status, c.resolvedAt, m.sentAt, reopenWindowMs);
    return isLatest ? statusOnCustomerMessage(c.status, c.resolvedAt, m.sentAt, reopenWindowMs) : c.status;
  }
  // The company answered: the conversation now waits on the customer; if the customer has already written again
  // (a reply arriving late), it is an answered, open conversation — the same status as in arrival order.
  if (isLatest) return c.status === 'new' || c.status === 'open' ? 'pending' : c.status;
  return c.status === 'new' ? 'open' : c.status;
}

export function planThreads(input: PlanThreadsInput): ThreadPlan {
  const conversations = new Map<ConversationId, WorkingConversation>();
  const mergedInto = new Map<ConversationId, ConversationId>();
  const links = new Map<string, ConversationId>();
  const merges: { from: ConversationId; into: ConversationId }[] = [];
  const threaded: { rawId: RawInboundId; message: InboundMessage; contactId: ContactId | null; conversationId: ConversationId }[] = [];

  const find = (id: ConversationId): ConversationId => {
    let current = id;
    for (let next = mergedInto.get(current); next !== undefined; next = mergedInto.get(current)) current = next;
    return current;
  };
  const linked = (key: string): ConversationId | undefined => {
    const local = links.get(key);
    if (local) return find(local);
    const state = input.states.get(key);
    if (!state) return undefined;
    if (!conversations.has(state.conversationId)) {
      conversations.set(state.conversationId, {
        status: state.status,
        originalStatus: state.status,
        resolvedAt: state.resolvedAt,
        contactId: state.contactId,
        originalContactId: state.contactId,
        lastMessageAt: state.timing.lastMessageAt,
        baseTiming: state.timing,
        planned: null,
      });
    }
    return find(state.conversationId);
  };

  const ordered = [...input.messages].sort((a, b) => a.message.sentAt - b.message.sentAt);
  for (const item of ordered) {
    const m = item.message;
    const candidates = [...new Set(lookupKeys(m).map(linked).filter((c): c is ConversationId => c !== undefined))];
    let target = candidates[0];
    for (const other of candidates.slice(1)) {
      const from = conversations.get(other);
      const into = target === undefined ? undefined : conversations.get(target);
      if (!from || !into || target === undefined) continue;
      mergedInto.set(other, target);
      if (from.planned === null) merges.push({ from: other, into: target });
      into.contactId ??= from.contactId;
      if (from.planned === null) into.baseTiming = null;
      into.lastMessageAt = Math.max(into.lastMessageAt ?? 0, from.lastMessageAt ?? 0);
    }
    let status: ConversationStatus | null = null;
    if (target !== undefined) {
      const c = conversations.get(target);
      if (c) status = nextStatus(c, m, input.reopenWindowMs);
      if (status === null) target = undefined; // resolved too long ago, or closed: the customer starts a new one
    }
    if (target === undefined) {
      target = input.newConversationId();
      const planned: PlannedConversation = {
        id: target,
        organisationId: input.organisationId,
        channelAccountId: input.channelAccountId,
        contactId: item.contactId,
        queueId: input.defaultQueueId,
        isPublic: m.isPublic,
        status: 'new',
      };
      conversations.set(target, {
        status: m.direction === 'inbound' ? 'new' : 'pending',
        originalStatus: null,
        resolvedAt: null,
        contactId: item.contactId,
        originalContactId: item.contactId,
        lastMessageAt: m.sentAt,
        baseTiming: EMPTY_TIMING,
        planned,
      });
    } else {
      const c = conversations.get(target);
      if (c && status !== null) {
        c.status = status;
        c.lastMessageAt = Math.max(c.lastMessageAt ?? m.sentAt, m.sentAt);
        if (c.contactId === null && item.contactId !== null) c.contactId = item.contactId;
      }
    }
    for (const key of lookupKeys(m)) links.set(key, target);
    threaded.push({ ...item, conversationId: target });
  }

  // Only links the store lacks: thread keys that are new or now point elsewhere, and parents not yet stored.
  // A stored message is found through the message table, so its own id needs no link.
  const batchIds = new Set(ordered.map((i) => messageKey(i.message.externalId)));
  const linksToWrite: ThreadPlan['links'][number][] = [];
  for (const [key, conversationId] of links) {
    const final = find(conversationId);
    if (batchIds.has(key)) continue;
    const known = input.states.get(key);
    if (known && find(known.conversationId) === final) continue;
    linksToWrite.push({ channelAccountId: input.channelAccountId, key, conversationId: final });
  }

  const newConversations: PlannedConversation[] = [];
  const statusChanges: { conversationId: ConversationId; status: ConversationStatus }[] = [];
  const contactAssignments: { conversationId: ConversationId; contactId: ContactId }[] = [];
  for (const [id, c] of conversations) {
    if (mergedInto.has(id)) continue;
    if (c.planned) newConversations.push({ ...c.planned, status: c.status, contactId: c.contactId });
    else {
      if (c.status !== c.originalStatus) statusChanges.push({ conversationId: id, status: c.status });
      if (c.originalContactId === null && c.contactId !== null) contactAssignments.push({ conversationId: id, contactId: c.contactId });
    }
  }
  return {
    newConversations,
    merges,
    statusChanges,
    contactAssignments,
    links: linksToWrite,
    threaded: threaded.map((t) => ({ ...t, conversationId: find(t.conversationId) })),
    baseTimings: new Map([...conversations].filter(([id]) => !mergedInto.has(id)).map(([id, c]) => [id, c.baseTiming])),
  };
}
