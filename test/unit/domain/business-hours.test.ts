import { describe, expect, it } from 'vitest';
import { addBusinessTime, businessTimeBetween, isWithinBusinessHours, localToInstant, type BusinessHours } from '../../../src/domain/business-hours.js';

const H = 3_600_000;
const weekdays = (start: string, end: string) => [[], ...Array.from({ length: 5 }, () => [{ start, end }]), []];
const berlin: BusinessHours = { timeZone: 'Europe/Berlin', weekly: weekdays('09:00', '17:00'), holidays: ['2026-12-25'] };

describe('business hours', () => {
  it('converts local wall time to an instant with the zone offset of that date', () => {
    expect(localToInstant('Europe/Berlin', 2026, 1, 15, 9 * 60)).toBe(Date.UTC(2026, 0, 15, 8)); // CET, +1
    expect(localToInstant('Europe/Berlin', 2026, 7, 15, 9 * 60)).toBe(Date.UTC(2026, 6, 15, 7)); // CEST, +2
  });

  it('moves a time in the spring-forward gap forward by the gap and takes the first instant of the autumn overlap', () => {
    expect(localToInstant('Europe/Berlin', 2026, 3, 29, 2 * 60 + 30)).toBe(Date.UTC(2026, 2, 29, 1, 30)); // 02:30 → 03:30 CEST
    expect(localToInstant('Europe/Berlin', 2026, 10, 25, 2 * 60 + 30)).toBe(Date.UTC(2026, 9, 25, 0, 30)); // first 02:30 (CEST)
  });

  it('is open on a weekday afternoon and closed at night, at weekends and on holidays', () => {
    expect(isWithinBusinessHours(berlin, Date.UTC(2026, 10, 25, 13))).toBe(true); // Wed 14:00 CET
    expect(isWithinBusinessHours(berlin, Date.UTC(2026, 10, 25, 17))).toBe(false); // Wed 18:00
    expect(isWithinBusinessHours(berlin, Date.UTC(2026, 10, 28, 12))).toBe(false); // Saturday
    expect(isWithinBusinessHours(berlin, Date.UTC(2026, 11, 25, 10))).toBe(false); // Christmas (Friday)
  });

  it('counts an SLA across a night and a weekend', () => {
    // Friday 16:00 CET + 2 business hours → Monday 10:00 CET
    const due = addBusinessTime(berlin, Date.UTC(2026, 10, 27, 15), 2 * H);
    expect(due).toBe(Date.UTC(2026, 10, 30, 9));
  });

  it('counts business time across the autumn DST change without gaining or losing an hour', () => {
    const nyc: BusinessHours = { timeZone: 'America/New_York', weekly: Array.from({ length: 7 }, () => [{ start: '00:00', end: '24:00' }]), holidays: [] };
    // 2026-11-01 is a 25-hour day in New York: midnight to midnight is 25 real hours of open time.
    const from = localToInstant('America/New_York', 2026, 11, 1, 0);
    const to = localToInstant('America/New_York', 2026, 11, 2, 0);
    expect(businessTimeBetween(nyc, from, to)).toBe(25 * H);
    expect(addBusinessTime(nyc, from, 25 * H)).toBe(to);
  });

  it('keeps a 9-to-5 day at 8 business hours on the day the clocks go back', () => {
    const everyDay: BusinessHours = { timeZone: 'Europe/Berlin', weekly: Array.from({ length: 7 }, () => [{ start: '09:00', end: '17:00' }]), holidays: [] };
    const sunday = Date.UTC(2026, 9, 25, 0); // DST ends that night in Berlin
    expect(businessTimeBetween(everyDay, sunday, sunday + 24 * H)).toBe(8 * H);
  });

  it('skips a holiday when counting', () => {
    // Thursday 24 Dec 16:00 CET + 2h → Christmas Friday is closed → Monday 28 Dec 10:00
    expect(addBusinessTime(berlin, Date.UTC(2026, 11, 24, 15), 2 * H)).toBe(Date.UTC(2026, 11, 28, 9));
  });

  it('rejects an unknown time zone and a malformed time with the value it got', () => {
    expect(() => isWithinBusinessHours({ ...berlin, timeZone: 'Mars/Olympus' }, 0)).toThrow(/"Mars\/Olympus" is not an IANA time zone/);
    expect(() => isWithinBusinessHours({ ...berlin, weekly: [[{ start: '9am', end: '17:00' }]] }, Date.UTC(2026, 10, 22, 10))).toThrow(/got "9am"/);
  });
});
