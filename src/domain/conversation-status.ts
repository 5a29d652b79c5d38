// The conversation state machine: the only place a status may change, so illegal moves are impossible.
import { ConflictError } from './errors.js';

export const CONVERSATION_STATUSES = ['new', 'open', 'pending', 'snoozed', 'resolved', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** What causes a status change; the same target can be legal for one reason and not another. */
export const STATUS_REASONS = ['agent', 'customer-reply', 'agent-reply', 'snooze-expired', 'auto-close'] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];

const TRANSITIONS: Readonly<Record<ConversationStatus, readonly ConversationStatus[]>> = {
  new: ['open', 'pending', 'snoozed', 'resolved', 'closed'],
  open: ['pending', 'snoozed', 'resolved', 'closed'],
  pending: ['open', 'snoozed', 'resolved', 'closed'],
  snoozed: ['open', 'pending', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

export function canTransition(from: ConversationStatus, to: ConversationStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Returns the new status or throws CONVERSATION_ILLEGAL_TRANSITION; callers never assign status directly. */
export function transitionStatus(from: ConversationStatus, to: ConversationStatus): ConversationStatus {
  if (!canTransition(from, to)) {
    throw new ConflictError(
      'CONVERSATION_ILLEGAL_TRANSITION',
      `conversation status cannot change from ${from} to ${to}; allowed from ${from}: ${TRANSITIONS[from].join(', ') || 'none'}`,
    );
  }
  return to;
}

/** Where a conversation goes when its contact writes again; `null` means a new conversation is needed. */
export function statusOnCustomerMessage(
  current: ConversationStatus,
  resolvedAt: number | null,
  now: number,
  reopenWindowMs: number,
): ConversationStatus | null {
  switch (current) {
    case 'new':
      return 'new';
    case 'open':
      return 'open';
    case 'pending':
    case 'snoozed':
      return 'open';
    case 'resolved':
      return resolvedAt !== null && now - resolvedAt <= reopenWindowMs ? 'open' : null;
    case 'closed':
      return null;
  }
}
