import { describe, expect, it } from 'vitest';
import { findPii, isIbanValid, isLuhnValid } from '../../../src/triage/find-pii.js';

describe('findPii', () => {
  it('masks an email address in the preview', () => {
    const r = findPii('please write to jane.doe@example.com today');
    expect(r.kinds).toEqual(['email']);
    expect(r.masked).toBe('please write to [email] today');
  });

  it('masks a card number that passes the Luhn check', () => {
    const r = findPii('my card 4111 1111 1111 1111 was declined');
    expect(r.kinds).toEqual(['card']);
    expect(r.masked).not.toMatch(/4111/);
  });

  it('leaves a 16-digit order number that fails the Luhn check unmasked as a card', () => {
    const r = findPii('order 1234 5678 9012 3456 is late');
    expect(r.kinds).not.toContain('card');
  });

  it('masks an IBAN with a valid mod-97 checksum and ignores one with a wrong checksum', () => {
    expect(findPii('refund to GB82 WEST 1234 5698 7654 32 please').kinds).toEqual(['iban']);
    expect(findPii('refund to GB82 WEST 1234 5698 7654 32 please').masked).toBe('refund to [iban] please');
    expect(findPii('refund to GB83 WEST 1234 5698 7654 32 please').kinds).not.toContain('iban');
  });

  it('masks international and North American phone numbers', () => {
    expect(findPii('call me on +44 20 7946 0958').kinds).toEqual(['phone']);
    expect(findPii('call me at (555) 123-4567 tonight').masked).toBe('call me at [phone] tonight');
  });

  it('does not take a numeric mention id or a short number for a phone', () => {
    expect(findPii('@115712 I waited 45 minutes').kinds).toEqual([]);
  });

  it('cuts the preview to 280 characters and survives lone surrogates', () => {
    const r = findPii(`a\ud800b ${'x'.repeat(1000)}`);
    expect(r.masked.length).toBeLessThanOrEqual(280);
    expect(r.masked.isWellFormed()).toBe(true);
  });

  it('checks Luhn and IBAN checksums directly', () => {
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('4111111111111112')).toBe(false);
    expect(isIbanValid('DE89370400440532013000')).toBe(true);
    expect(isIbanValid('DE89370400440532013001')).toBe(false);
  });
});
