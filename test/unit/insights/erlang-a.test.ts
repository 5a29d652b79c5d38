import { describe, expect, it } from 'vitest';
import { agentsNeededWithAbandonment, erlangA } from '../../../src/insights/erlang-a.js';
import { agentsNeeded, staffingFigures } from '../../../src/insights/erlang-c.js';

/** A discrete-event simulation of M/M/c+M (FCFS, exponential patience), seeded: an independent check. */
function simulate(o: { lambda: number; handle: number; patience: number; agents: number; target: number; arrivals: number }) {
  let seed = 0x9e3779b97f4a7c15n;
  const random = () => {
    seed = (seed * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return (Number(seed >> 11n) + 0.5) / 2 ** 53;
  };
  const exp = (mean: number) => -Math.log(random()) * mean;
  const queue: { at: number; gives: number }[] = [];
  const busy: number[] = [];
  let [now, arrivals, within, abandoned, waited] = [0, 0, 0, 0, 0];
  let nextArrival = exp(1 / o.lambda);
  while (arrivals < o.arrivals) {
    const done = busy.length ? Math.min(...busy) : Infinity;
    const quit = queue.length ? Math.min(...queue.map((q) => q.gives)) : Infinity;
    now = Math.min(nextArrival, done, quit);
    if (now === quit) {
      const [q] = queue.splice(queue.findIndex((x) => x.gives === now), 1);
      abandoned++;
      waited += now - q!.at;
    } else if (now === done) {
      busy.splice(busy.indexOf(now), 1);
      const q = queue.shift();
      if (q) {
        waited += now - q.at;
        if (now - q.at <= o.target) within++;
        busy.push(now + exp(o.handle));
      }
    } else {
      arrivals++;
      nextArrival = now + exp(1 / o.lambda);
      if (busy.length < o.agents) {
        within++;
        busy.push(now + exp(o.handle));
      } else queue.push({ at: now, gives: now + exp(o.patience) });
    }
  }
  return { serviceLevel: within / arrivals, abandonment: abandoned / arrivals, averageWait: waited / arrivals };
}

describe('Erlang A', () => {
  it('becomes Erlang C when customers never give up', () => {
    const load = { arrivalsPerSecond: 100 / 1800, handleSeconds: 180 };
    for (const agents of [11, 12, 13, 14]) {
      const a = erlangA({ ...load, patienceSeconds: 1e9 }, agents, 20);
      const c = staffingFigures(load, agents, 20);
      expect(a.probabilityOfWaiting).toBeCloseTo(c.probabilityOfWaiting, 5);
      expect(a.serviceLevel).toBeCloseTo(c.serviceLevel, 5);
      expect(a.averageWaitSeconds).toBeCloseTo(c.averageWaitSeconds, 2);
      expect(a.probabilityOfAbandoning).toBeLessThan(1e-6);
    }
  });

  it('gives the M/M/∞ law when patience equals handle time (the number present is Poisson(A))', () => {
    // With θ = μ every customer present leaves at the same rate, waiting or served: N ~ Poisson(A), so
    // P(wait) = P(N ≥ c) and P(abandon) = θ·E[(N − c)+]/λ = E[(N − c)+]/A.
    const [a, c] = [12, 10];
    const poisson = [Math.exp(-a)];
    for (let n = 1; n < 200; n++) poisson.push(poisson[n - 1]! * (a / n));
    const pWait = poisson.slice(c).reduce((s, p) => s + p, 0);
    const queued = poisson.reduce((s, p, n) => s + Math.max(0, n - c) * p, 0);
    const f = erlangA({ arrivalsPerSecond: 0.2, handleSeconds: 60, patienceSeconds: 60 }, c, 20);
    expect(f.probabilityOfWaiting).toBeCloseTo(pWait, 10);
    expect(f.probabilityOfAbandoning).toBeCloseTo(queued / a, 10);
  });

  it('agrees with a simulation of impatient customers, overloaded and not', () => {
    // 12 erlangs, patience 45 s, 20 s target; 200,000 simulated arrivals give about ±0.003 on each share.
    for (const agents of [10, 13]) {
      const f = erlangA({ arrivalsPerSecond: 0.2, handleSeconds: 60, patienceSeconds: 45 }, agents, 20);
      const s = simulate({ lambda: 0.2, handle: 60, patience: 45, agents, target: 20, arrivals: 200_000 });
      expect(Math.abs(f.serviceLevel - s.serviceLevel)).toBeLessThan(0.01);
      expect(Math.abs(f.probabilityOfAbandoning - s.abandonment)).toBeLessThan(0.01);
      expect(Math.abs(f.averageWaitSeconds - s.averageWait)).toBeLessThan(0.5);
    }
  });

  it('stays finite above full load, where Erlang C has no answer, because waiting customers leave', () => {
    const f = erlangA({ arrivalsPerSecond: 0.2, handleSeconds: 60, patienceSeconds: 45 }, 10, 20);
    expect(f.trafficErlangs).toBeCloseTo(12, 12);
    expect(f.probabilityOfAbandoning).toBeGreaterThan(0.15);
    expect(f.probabilityOfAbandoning).toBeLessThan(0.3);
    expect(staffingFigures({ arrivalsPerSecond: 0.2, handleSeconds: 60 }, 10, 20).serviceLevel).toBe(0);
  });

  it('needs no more agents than Erlang C for the same target, and the fewest that reach it', () => {
    const load = { arrivalsPerSecond: 0.2, handleSeconds: 60 };
    const impatient = agentsNeededWithAbandonment({ ...load, patienceSeconds: 45 }, 0.8, 20);
    expect(impatient.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(erlangA({ ...load, patienceSeconds: 45 }, impatient.agents - 1, 20).serviceLevel).toBeLessThan(0.8);
    expect(impatient.agents).toBeLessThanOrEqual(agentsNeeded(load, 0.8, 20).agents);
  });
});
