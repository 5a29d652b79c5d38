import { describe, expect, it } from 'vitest';
import { canTransition, statusOnCustomerMessage, transitionStatus } from '../../../src/domain/conversation-status.js';
import { ConflictError } from '../../../src/domain/errors.js';

describe('conversation status', () => {
  it('rejects leaving closed with a code and the allowed moves', () => {
    expect(() => transitionStatus('closed', 'open')).toThrow(ConflictError);
    expect(() => transitionStatus('closed', 'open')).toThrow(/from closed to open; allowed from closed: none/);
  });

  it('allows resolving an open conversation and reopening a resolved one', () => {
    expect(transitionStatus('open', 'resolved')).toBe('resolved');
    expect(canTransition('resolved', 'open')).toBe(true);
    expect(canTransition('resolved', 'pending')).toBe(false);
  });

  it('wakes snoozed and pending conversations when the customer writes', () => {
    expect(statusOnCustomerMessage('snoozed', null, 0, 1000)).toBe('open');
    expect(statusOnCustomerMessage('pending', null, 0, 1000)).toBe('open');
    expect(statusOnCustomerMessage('new', null, 0, 1000)).toBe('new');
  });

  it('reopens a resolved conversation only inside the window', () => {
    expect(statusOnCustomerMessage('resolved', 1000, 1500, 1000)).toBe('open');
    expect(statusOnCustomerMessage('resolved', 1000, 2001, 1000)).toBeNull();
    expect(statusOnCustomerMessage('closed', 1000, 1001, 1000)).toBeNull();
  });
});
