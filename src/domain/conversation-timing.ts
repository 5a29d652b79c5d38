// The timing facts of a conversation that reports are built on: first customer message, first company answer
// after it, last activity. Folded incrementally as messages arrive; when a message arrives out of order in a way
// that could change an earlier answer, the fold says so and the store recomputes from all messages.
import type { EpochMs } from './ids.js';

export interface ConversationTiming {
  readonly messageCount: number;
  readonly firstInboundAt: EpochMs | null;
  /** First company message at or after `firstInboundAt`. */
  readonly firstResponseAt: EpochMs | null;
  readonly lastMessageAt: EpochMs | null;
}

export const EMPTY_TIMING: ConversationTiming = { messageCount: 0, firstInboundAt: null, firstResponseAt: null, lastMessageAt: null };

export interface TimedMessage {
  readonly direction: 'inbound' | 'outbound';
  readonly sentAt: EpochMs;
}

/** `null` when earlier stored messages may now count differently (recompute them all). */
export function foldTiming(existing: ConversationTiming, added: readonly TimedMessage[]): ConversationTiming | null {
  let firstInbound = existing.firstInboundAt;
  let last = existing.lastMessageAt;
  for (const m of added) {
    if (m.direction === 'inbound' && (firstInbound === null || m.sentAt < firstInbound)) firstInbound = m.sentAt;
    if (last === null || m.sentAt > last) last = m.sentAt;
  }
  // An earlier first customer message can make a stored company message (before the old one) the first answer.
  if (existing.messageCount > 0 && firstInbound !== existing.firstInboundAt) return null;
  let firstResponse = existing.firstResponseAt;
  if (firstInbound !== null) {
    for (const m of added) {
      if (m.direction === 'outbound' && m.sentAt >= firstInbound && (firstResponse === null || m.sentAt < firstResponse)) firstResponse = m.sentAt;
    }
  }
  return { messageCount: existing.messageCount + added.length, firstInboundAt: firstInbound, firstResponseAt: firstResponse, lastMessageAt: last };
}
