// A reply is refused before it is queued when its channel could never send it, so the agent learns at once and in
// words, rather than from a failed delivery minutes later. The outbox worker checks the same limits again.
import { ChannelError, InputError } from '../../domain/errors.js';
import type { EpochMs } from '../../domain/ids.js';
import type { ChannelLimits } from '../connector.js';

export interface ReplyCheck {
  readonly kind: string;
  readonly limits: ChannelLimits;
  readonly text: string;
  /** The customer's newest message; null when they never wrote. */
  readonly lastInboundAt: EpochMs | null;
  readonly now: EpochMs;
}

const hours = (ms: number) => `${Math.round(ms / 3_600_000)} hours`;

export function checkReply(check: ReplyCheck): void {
  const { kind, limits, text } = check;
  if (!limits.canReply) {
    throw new ChannelError('CHANNEL_CANNOT_REPLY', `${kind} accounts cannot send replies; answer the customer on another channel`, { retryable: false });
  }
  if (text.length > limits.maxTextLength) {
    throw new InputError('REPLY_TOO_LONG', `the reply is ${text.length} characters; ${kind} allows ${limits.maxTextLength}`, {
      details: { length: text.length, maxTextLength: limits.maxTextLength },
    });
  }
  const window = limits.messagingWindowMs;
  if (window !== null && check.lastInboundAt !== null && check.now - check.lastInboundAt > window) {
    throw new ChannelError(
      'REPLY_WINDOW_CLOSED',
      `${kind} allows free-form replies only within ${hours(window)} of the customer's last message, which was ${hours(check.now - check.lastInboundAt)} ago; send an approved template or wait for the customer to write again`,
      { retryable: false, details: { messagingWindowMs: window, lastInboundAt: new Date(check.lastInboundAt).toISOString() } },
    );
  }
}
