import { describe, expect, it } from 'vitest';
import { agentsNeeded } from '../../../src/insights/erlang-c.js';
import { planStaffing, type StaffingAssumptions } from '../../../src/insights/staffing-plan.js';

const base: StaffingAssumptions = {
  serviceLevel: 0.8,
  targetSeconds: 20,
  weeks: 2,
  handleSeconds: {},
  defaultHandleSeconds: 300,
  patienceSeconds: {},
  whatIf: [],
  channels: [],
};

describe('planStaffing', () => {
  it('turns counts over the measured weeks into hourly arrival rates and Erlang C agents', () => {
    // 400 conversations on Mondays 10:00 over two weeks: 200 an hour, 180 s each = 10 erlangs → 14 agents (80% in 20 s).
    const plan = planStaffing([{ channel: 'phone', hourOfWeek: 10, conversations: 400 }], [], { ...base, handleSeconds: { phone: 180 } });
    expect(plan.rows).toHaveLength(1);
    expect(plan.rows[0]).toMatchObject({ channel: 'phone', day: 'Mon', hour: 10, arrivalsPerHour: 200, trafficErlangs: 10, agents: 14, model: 'erlang-c', abandonment: null });
    expect(plan.channels[0]).toMatchObject({ channel: 'phone', handleSeconds: 180, handleTimeSource: 'configured', arrivalsPerWeek: 200, peakAgents: 14, agentHoursPerWeek: 14 });
  });

  it('prefers a configured handle time, then a measured one, then the default', () => {
    const counts = ['a', 'b', 'c'].map((channel) => ({ channel, hourOfWeek: 0, conversations: 20 }));
    const plan = planStaffing(counts, [{ channel: 'a', seconds: 100, samples: 12 }, { channel: 'b', seconds: 200, samples: 30 }], { ...base, handleSeconds: { a: 50 } });
    expect(plan.channels.map((c) => [c.channel, c.handleSeconds, c.handleTimeSource, c.handleTimeSamples])).toEqual([
      ['a', 50, 'configured', 0],
      ['b', 200, 'measured', 30],
      ['c', 300, 'default', 0],
    ]);
  });

  it('plans channels with a patience by Erlang A, which never asks for more agents than Erlang C', () => {
    const counts = [{ channel: 'webchat', hourOfWeek: 30, conversations: 1440 }]; // 720 an hour, 60 s: 12 erlangs
    const c = planStaffing(counts, [], { ...base, handleSeconds: { webchat: 60 } }).rows[0]!;
    const a = planStaffing(counts, [], { ...base, handleSeconds: { webchat: 60 }, patienceSeconds: { webchat: 45 } }).rows[0]!;
    expect(c.agents).toBe(agentsNeeded({ arrivalsPerSecond: 0.2, handleSeconds: 60 }, 0.8, 20).agents);
    expect(a.model).toBe('erlang-a');
    expect(a.abandonment).toBeGreaterThan(0);
    expect(a.agents).toBeLessThanOrEqual(c.agents);
  });

  it('adds a what-if channel shaped like the desk week, and grows an existing channel along its own week', () => {
    // The desk: 3/4 of its volume Monday 09:00, 1/4 Tuesday 09:00 (one measured week).
    const counts = [
      { channel: 'email', hourOfWeek: 9, conversations: 30 },
      { channel: 'email', hourOfWeek: 33, conversations: 10 },
      { channel: 'x', hourOfWeek: 50, conversations: 5 },
    ];
    const plan = planStaffing(counts, [], {
      ...base,
      weeks: 1,
      whatIf: [
        { name: 'whatsapp', perDay: 20 },
        { name: 'x', perDay: 1 },
      ],
    });
    const whatsapp = plan.rows.filter((r) => r.channel === 'whatsapp').map((r) => [r.hourOfWeek, r.arrivalsPerHour]);
    // 20 a day = 140 a week, split 30:10:5 like the desk's 45 conversations.
    expect(whatsapp).toEqual([
      [9, 93.333],
      [33, 31.111],
      [50, 15.556],
    ]);
    expect(plan.channels.find((c) => c.channel === 'whatsapp')).toMatchObject({ isWhatIf: true, arrivalsPerWeek: 140 });
    expect(plan.rows.filter((r) => r.channel === 'x').map((r) => [r.hourOfWeek, r.arrivalsPerHour])).toEqual([[50, 12]]);
    expect(plan.channels.find((c) => c.channel === 'x')?.isWhatIf).toBe(false);
  });

  it('keeps only the chosen channels (and what-ifs), and leaves hours without arrivals out', () => {
    const counts = [
      { channel: 'email', hourOfWeek: 9, conversations: 30 },
      { channel: 'x', hourOfWeek: 50, conversations: 5 },
    ];
    const plan = planStaffing(counts, [], { ...base, channels: ['x'], whatIf: [{ name: 'de', perDay: 10 }] });
    expect(plan.channels.map((c) => c.channel)).toEqual(['de', 'x']);
    expect(plan.rows.every((r) => r.arrivalsPerHour > 0)).toBe(true);
  });
});
