import { describe, expect, it } from 'vitest';
import { decideAssignment, type AssignableAgent } from '../../../src/domain/assignment.js';

const agent = (id: string, over: Partial<AssignableAgent> = {}): AssignableAgent => ({
  id,
  availability: 'online',
  load: 0,
  capacity: 5,
  skills: [],
  languages: ['en'],
  lastAssignedAt: null,
  ...over,
});
const need = { language: 'en', skills: [] as string[] };

describe('decideAssignment', () => {
  it('gives the conversation to the least-loaded agent relative to capacity', () => {
    const d = decideAssignment('least-loaded', need, [agent('a', { load: 3, capacity: 4 }), agent('b', { load: 4, capacity: 10 })]);
    expect(d).toEqual({ kind: 'assign', agentId: 'b', reason: 'least-loaded: 4/10 open, speaks en' });
  });

  it('takes turns in round-robin by who waited longest for a new conversation', () => {
    const d = decideAssignment('round-robin', need, [agent('a', { lastAssignedAt: 200 }), agent('b', { lastAssignedAt: 100 }), agent('c', { lastAssignedAt: 300 })]);
    expect(d.kind === 'assign' && d.agentId).toBe('b');
  });

  it('never exceeds capacity and never picks an agent who is away or offline', () => {
    const d = decideAssignment('least-loaded', need, [agent('a', { load: 5 }), agent('b', { availability: 'away' }), agent('c', { availability: 'offline' })]);
    expect(d).toEqual({ kind: 'leave-in-queue', reason: 'all 1 online agents are at capacity' });
  });

  it('requires every needed skill and prefers an agent who speaks the language', () => {
    const agents = [agent('a', { skills: ['billing'], languages: ['en'] }), agent('b', { skills: ['billing', 'refunds'], languages: ['de'], load: 4 }), agent('c', { skills: ['billing', 'refunds'], languages: ['en'], load: 4 })];
    expect(decideAssignment('least-loaded', { language: 'de', skills: ['billing', 'refunds'] }, agents)).toEqual({ kind: 'assign', agentId: 'b', reason: 'least-loaded: 4/5 open, speaks de' });
    const noSpeaker = decideAssignment('least-loaded', { language: 'fr', skills: ['refunds'] }, agents);
    expect(noSpeaker.kind === 'assign' && noSpeaker.reason).toMatch(/nobody online speaks fr/);
  });

  it('leaves manual queues alone', () => {
    expect(decideAssignment('manual', need, [agent('a')]).kind).toBe('leave-in-queue');
  });
});
