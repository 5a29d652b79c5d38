import { describe, expect, it } from 'vitest';
import { EMPTY_TIMING, foldTiming } from '../../../src/domain/conversation-timing.js';

describe('foldTiming', () => {
  it('takes the first company message after the first customer message as the first response', () => {
    expect(
      foldTiming(EMPTY_TIMING, [
        { direction: 'outbound', sentAt: 50 },
        { direction: 'inbound', sentAt: 100 },
        { direction: 'outbound', sentAt: 300 },
        { direction: 'outbound', sentAt: 200 },
      ]),
    ).toEqual({ messageCount: 4, firstInboundAt: 100, firstResponseAt: 200, lastMessageAt: 300 });
  });

  it('adds a later answer without recomputing', () => {
    const t = foldTiming(EMPTY_TIMING, [{ direction: 'inbound', sentAt: 100 }])!;
    expect(foldTiming(t, [{ direction: 'outbound', sentAt: 160 }])).toEqual({ messageCount: 2, firstInboundAt: 100, firstResponseAt: 160, lastMessageAt: 160 });
  });

  it('asks for a recompute when an earlier customer message arrives late', () => {
    const t = foldTiming(EMPTY_TIMING, [{ direction: 'outbound', sentAt: 150 }])!;
    expect(foldTiming(t, [{ direction: 'inbound', sentAt: 100 }])).toBeNull();
  });

  it('keeps an unanswered conversation without a first response', () => {
    expect(foldTiming(EMPTY_TIMING, [{ direction: 'inbound', sentAt: 5 }])).toEqual({ messageCount: 1, firstInboundAt: 5, firstResponseAt: null, lastMessageAt: 5 });
  });
});
