import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN, type BusinessHours } from '../../../src/domain/business-hours.js';
import { slaState, startSlaClock, stopSlaClock, tickSlaClock, type SlaPolicy } from '../../../src/domain/sla-clock.js';

const H = 3_600_000;
const policy: SlaPolicy = { id: 'p', name: 'Social 1h', targets: { 'first-response': H, resolution: 24 * H }, warnAtFraction: 0.75 };
const berlin: BusinessHours = {
  timeZone: 'Europe/Berlin',
  weekly: [[], ...Array.from({ length: 5 }, () => [{ start: '09:00', end: '17:00' }]), []],
  holidays: ['2026-12-25'],
};

describe('slaClock', () => {
  it('fires the warning once and the breach once, however often it is ticked', () => {
    const start = Date.UTC(2026, 10, 25, 10);
    let clock = startSlaClock(policy, 'first-response', start, ALWAYS_OPEN)!;
    const fired: string[] = [];
    for (let t = start; t <= start + 3 * H; t += 5 * 60_000) {
      const r = tickSlaClock(clock, t);
      clock = r.clock;
      fired.push(...r.events.map((e) => `${e.kind}@${(e.at - start) / 60_000}m`));
    }
    expect(fired).toEqual(['warning@45m', 'breach@60m']);
    expect(slaState(clock, start + 3 * H)).toBe('breached');
  });

  it('fires a breach (and no separate warning) when first ticked long after the due time', () => {
    const clock = startSlaClock(policy, 'first-response', 0, ALWAYS_OPEN)!;
    expect(tickSlaClock(clock, 10 * H).events).toEqual([{ kind: 'breach', target: 'first-response', at: H }]);
  });

  it('counts in business time: a Friday-evening post is due Monday morning', () => {
    const friday1630 = Date.UTC(2026, 10, 27, 15, 30);
    const clock = startSlaClock(policy, 'first-response', friday1630, berlin)!;
    expect(clock.dueAt).toBe(Date.UTC(2026, 10, 30, 8, 30)); // 30 min Friday + 30 min Monday from 09:00 CET
    expect(slaState(clock, Date.UTC(2026, 10, 29, 12))).toBe('running'); // Sunday: the clock is paused
  });

  it('counts across a holiday and the DST change', () => {
    // Thu 24 Dec 16:30 CET, 1 business hour: 30 min that day, Christmas closed, weekend, 30 min Monday 28 Dec.
    expect(startSlaClock(policy, 'first-response', Date.UTC(2026, 11, 24, 15, 30), berlin)!.dueAt).toBe(Date.UTC(2026, 11, 28, 8, 30));
    // Fri 23 Oct 2026 16:30 CEST → Monday 26 Oct (after the clocks went back) 09:30 CET = 08:30 UTC.
    expect(startSlaClock(policy, 'first-response', Date.UTC(2026, 9, 23, 14, 30), berlin)!.dueAt).toBe(Date.UTC(2026, 9, 26, 8, 30));
  });

  it('is met when stopped before the due time and fires nothing after', () => {
    let clock = startSlaClock(policy, 'first-response', 0, ALWAYS_OPEN)!;
    clock = stopSlaClock(clock, 10 * 60_000);
    expect(slaState(clock, 5 * H)).toBe('met');
    expect(tickSlaClock(clock, 5 * H).events).toEqual([]);
  });

  it('has no clock for a target the policy does not promise', () => {
    expect(startSlaClock(policy, 'next-response', 0, ALWAYS_OPEN)).toBeNull();
  });
});
