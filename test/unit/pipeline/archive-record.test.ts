import { describe, expect, it } from 'vitest';
import { normaliseGeneric, normaliseTwcs } from '../../../src/pipeline/archive-record.js';

const twcs = {
  tweet_id: '2',
  author_id: '115712',
  inbound: 'True',
  created_at: 'Tue Oct 31 22:11:45 +0000 2017',
  text: '@sprintcare and how do you propose we do that',
  response_tweet_id: '',
  in_response_to_tweet_id: '1.0',
};

describe('archive records', () => {
  it('reads a TWCS row: decimal parent id, customer direction, Twitter time', () => {
    const r = normaliseTwcs(twcs);
    expect(r).toEqual({
      kind: 'ok',
      message: {
        externalId: '2',
        inReplyToExternalId: '1',
        direction: 'inbound',
        author: { handle: '115712' },
        text: twcs.text,
        sentAt: Date.UTC(2017, 9, 31, 22, 11, 45),
        isPublic: true,
      },
    });
  });

  it('makes company rows outbound', () => {
    const r = normaliseTwcs({ ...twcs, inbound: 'False', author_id: 'sprintcare' });
    expect(r.kind === 'ok' && r.message.direction).toBe('outbound');
  });

  it.each([
    [{ ...twcs, created_at: 'yesterday' }, /created_at: unparseable date/],
    [{ ...twcs, text: '   ' }, /empty text/],
    [{ ...twcs, text: 'a\uFFFDb' }, /broken UTF-8/],
    [{ ...twcs, text: 'x'.repeat(100_001) }, /over the limit: 100001 characters/],
    [{ ...twcs, inbound: 'yes' }, /inbound: expected True or False/],
    [{ ...twcs, in_response_to_tweet_id: 'abc' }, /in_response_to_tweet_id/],
  ])('rejects a bad TWCS row with its reason (%#)', (row, reason) => {
    const r = normaliseTwcs(row);
    expect(r.kind).toBe('invalid');
    expect(r.kind === 'invalid' && r.reason).toMatch(reason);
  });

  it('reads our CSV/JSONL layout with verified email, thread and direction', () => {
    const r = normaliseGeneric({ id: 7, author: 'ann', text: 'hi', created_at: '2026-01-02T03:04:05Z', email: 'ann@example.com', thread: 't1', direction: 'outbound', public: 'true' });
    expect(r).toEqual({
      kind: 'ok',
      message: {
        externalId: '7',
        threadKey: 't1',
        direction: 'outbound',
        author: { handle: 'ann', verifiedEmail: 'ann@example.com' },
        text: 'hi',
        sentAt: Date.UTC(2026, 0, 2, 3, 4, 5),
        isPublic: true,
      },
    });
  });
});
