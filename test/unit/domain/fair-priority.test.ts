import { describe, expect, it } from 'vitest';
import { compareQueueOrder, DEFAULT_FAIR_QUEUE_WEIGHTS, scoreNeed, type NeedSignals } from '../../../src/domain/fair-priority.js';

const quietEmailComplaint: NeedSignals = {
  urgency: 0.7,
  sentiment: 'negative',
  complaint: true,
  churnThreat: true,
  customerValue: 0.6,
  influence: 0,
  slaElapsed: 0.5,
  channelKind: 'email',
};
const loudPublicPost: NeedSignals = {
  urgency: 0.1,
  sentiment: 'negative',
  complaint: false,
  churnThreat: false,
  customerValue: 0.1,
  influence: 1,
  slaElapsed: 0.2,
  channelKind: 'x',
};

describe('fair queue', () => {
  it('ranks a quiet email complaint above a louder but less urgent public post', () => {
    const email = scoreNeed(quietEmailComplaint);
    const post = scoreNeed(loudPublicPost);
    expect(email.score).toBeGreaterThan(post.score);
    const order = [
      { id: 'post', priority: post.score, slaDueAt: 1000 },
      { id: 'email', priority: email.score, slaDueAt: 5000 },
    ].sort(compareQueueOrder);
    expect(order.map((c) => c.id)).toEqual(['email', 'post']);
  });

  it('ignores the channel unless an admin sets a channel weight, and then says so', () => {
    const same = { ...loudPublicPost, channelKind: 'email' };
    expect(scoreNeed(loudPublicPost).score).toBe(scoreNeed(same).score);
    const weighted = scoreNeed(loudPublicPost, { ...DEFAULT_FAIR_QUEUE_WEIGHTS, channel: { x: 25 } });
    expect(weighted.score).toBe(scoreNeed(loudPublicPost).score + 25);
    expect(weighted.reasons).toContain('+25 channel weight for x (set by an admin)');
  });

  it('explains every point it gives', () => {
    expect(scoreNeed(quietEmailComplaint).reasons).toEqual([
      '+21 urgency 0.70',
      '+8 negative sentiment',
      '+12 complaint',
      '+15 churn threat',
      '+6 customer value 0.60',
      '+10 50% of SLA used',
    ]);
  });

  it('orders equal priorities by the sooner SLA due time, then by id', () => {
    const order = [
      { id: 'b', priority: 50, slaDueAt: null },
      { id: 'c', priority: 50, slaDueAt: 2000 },
      { id: 'a', priority: 50, slaDueAt: 2000 },
    ].sort(compareQueueOrder);
    expect(order.map((c) => c.id)).toEqual(['a', 'c', 'b']);
  });

  it('keeps the score within 0..100 for out-of-range signals', () => {
    expect(scoreNeed({ ...quietEmailComplaint, urgency: 7, slaElapsed: 9, customerValue: Number.NaN }).score).toBeLessThanOrEqual(100);
  });
});
