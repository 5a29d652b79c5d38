import { describe, expect, it } from 'vitest';
import type { TeamId } from '../../../src/domain/ids.js';
import { eventFor, frameOf } from '../../../src/server/live/event-hub.js';
import type { StoredEvent } from '../../../src/store/index.js';

const A = 'team-a' as TeamId;
const B = 'team-b' as TeamId;
const event: StoredEvent = {
  id: '42',
  organisationId: 'org',
  type: 'conversations.changed',
  agentId: null,
  payload: { created: ['c1'], updated: ['c2', 'c3'] },
  createdAt: 0,
  conversations: [
    { id: 'c1', teamId: A },
    { id: 'c2', teamId: B },
    { id: 'c3', teamId: null },
  ],
};

describe('eventFor', () => {
  it('keeps only the conversations in scope, in the id list and in the payload', () => {
    expect(eventFor({ kind: 'teams', teamIds: [A], includeUnteamed: false }, event)).toMatchObject({
      id: '42',
      conversationIds: ['c1'],
      payload: { created: ['c1'], updated: [] },
    });
    expect(eventFor({ kind: 'teams', teamIds: [B], includeUnteamed: true }, event)?.conversationIds).toEqual(['c2', 'c3']);
    expect(eventFor({ kind: 'all' }, event)?.conversationIds).toEqual(['c1', 'c2', 'c3']);
  });

  it('drops an event with nothing in scope', () => {
    expect(eventFor({ kind: 'none' }, event)).toBeNull();
    expect(eventFor({ kind: 'teams', teamIds: ['team-c' as TeamId], includeUnteamed: false }, event)).toBeNull();
  });

  it('writes SSE frames with the event id for Last-Event-ID', () => {
    const frame = frameOf({ id: '7', type: 'x', conversationIds: [], payload: {}, at: '2026-01-01T00:00:00.000Z' });
    expect(frame).toBe('id: 7\nevent: x\ndata: {"id":"7","type":"x","conversationIds":[],"payload":{},"at":"2026-01-01T00:00:00.000Z"}\n\n');
  });
});
