import { describe, expect, it } from 'vitest';
import { agentsNeeded, erlangC, staffingFigures } from '../../../src/insights/erlang-c.js';

describe('Erlang C', () => {
  it('equals the utilisation for one agent (M/M/1)', () => {
    expect(erlangC(0.6, 1)).toBeCloseTo(0.6, 12);
  });

  it('gives 4/9 for 2 erlangs on 3 agents, as the closed form does by hand', () => {
    // P0 = 1 / (1 + 2 + 2 + (2^3/3!)·3/(3−2)) = 1/9; P(wait) = (8/6)·3·P0 = 4/9.
    expect(erlangC(2, 3)).toBeCloseTo(4 / 9, 12);
  });

  it('stays finite and exact for large centres where A^N and N! overflow', () => {
    const p = erlangC(400, 420);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
    expect(Number.isFinite(p)).toBe(true);
  });

  it('is 1 (everyone waits, forever) when the agents cannot keep up', () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(staffingFigures({ arrivalsPerSecond: 1, handleSeconds: 10 }, 9, 20).averageWaitSeconds).toBe(Number.POSITIVE_INFINITY);
  });

  it('derives service level and average wait from the probability of waiting', () => {
    // 2 erlangs, 3 agents, handle 100 s: SL(20 s) = 1 − 4/9·e^(−(3−2)·20/100); ASA = 4/9·100/(3−2).
    const f = staffingFigures({ arrivalsPerSecond: 0.02, handleSeconds: 100 }, 3, 20);
    expect(f.serviceLevel).toBeCloseTo(1 - (4 / 9) * Math.exp(-0.2), 12);
    expect(f.averageWaitSeconds).toBeCloseTo(400 / 9, 9);
    expect(f.occupancy).toBeCloseTo(2 / 3, 12);
  });

  it('finds the fewest agents for a service-level target, and one fewer misses it', () => {
    const load = { arrivalsPerSecond: 360 / 1800, handleSeconds: 240 }; // 360 per half hour, 4 minutes: 48 erlangs
    const needed = agentsNeeded(load, 0.8, 15);
    expect(needed.trafficErlangs).toBeCloseTo(48, 12);
    expect(needed.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(staffingFigures(load, needed.agents - 1, 15).serviceLevel).toBeLessThan(0.8);
  });
});
