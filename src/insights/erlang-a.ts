// Erlang A (M/M/c+M): Erlang C plus impatience. Chat visitors and callers hang up when they wait too long, which
// Erlang C ignores: it lets the queue grow without bound, so near or above full load it asks for far more agents
// than a desk whose customers give up would need (Garnett, Mandelbaum & Reiman, "Designing a call center with
// impatient customers", M&SOM 4(3), 2002). Each waiting customer abandons at rate θ = 1 / mean patience.
//
// Computed numerically and exactly up to a truncation of 1e-12 of probability mass, not with the paper's
// incomplete-gamma closed forms: the number in the system is a birth–death chain (birth λ, death min(n, c)·μ +
// max(n − c, 0)·θ) whose stationary law gives P(wait), queue length and abandonment; the share answered within the
// target comes from following an arriving customer through the queue (uniformisation of the small absorbing chain
// "people ahead of me"), so no formula is trusted that a test cannot check against simulation.

export interface ImpatientLoad {
  readonly arrivalsPerSecond: number;
  readonly handleSeconds: number;
  /** Mean time a customer is willing to wait, seconds (exponentially distributed). */
  readonly patienceSeconds: number;
}

export interface ErlangAFigures {
  readonly agents: number;
  readonly trafficErlangs: number;
  /** Busy agents ÷ agents: lower than traffic ÷ agents because abandoners are never served. */
  readonly occupancy: number;
  readonly probabilityOfWaiting: number;
  /** Share of arrivals that give up before an agent answers. */
  readonly probabilityOfAbandoning: number;
  /** Share of all arrivals answered within the target time (abandoners count as missed). */
  readonly serviceLevel: number;
  /** Mean wait in the queue over all arrivals (answered or not), seconds. */
  readonly averageWaitSeconds: number;
}

const TAIL = 1e-12;

/** Stationary distribution of the number in the system, truncated where the remaining mass is negligible. */
function stationary(lambda: number, mu: number, theta: number, agents: number): number[] {
  // Unnormalised weights relative to state `agents`, built outwards so nothing overflows (A^n/n! never formed).
  const a = lambda / mu;
  const below: number[] = [1];
  for (let n = agents; n > 0; n--) below.push(below[below.length - 1]! * (n / a));
  const low = below.reverse(); // low[n] for n = 0..agents
  const weights = [...low];
  let sum = weights.reduce((s, x) => s + x, 0);
  for (let k = 1; ; k++) {
    const next = weights[weights.length - 1]! * (lambda / (agents * mu + k * theta));
    weights.push(next);
    sum += next;
    if (next < TAIL * sum && lambda < agents * mu + k * theta) break;
  }
  return weights.map((w) => w / sum);
}

/**
 * P(an arrival is answered within t): an arrival that finds all agents busy and j others waiting ahead moves up at
 * rate c·μ + j·θ (a service completes or someone ahead gives up), is answered at rate c·μ once first, and gives up
 * itself at rate θ throughout. All arrivals are followed at once by uniformisation with rate Λ.
 */
function answeredWithin(pi: readonly number[], mu: number, theta: number, agents: number, t: number): number {
  let immediately = 0;
  for (let n = 0; n < agents; n++) immediately += pi[n]!;
  const waiting = pi.slice(agents); // waiting[j]: arrival sees j others queued
  const maxAhead = waiting.length - 1;
  const cm = agents * mu;
  const rate = cm + (maxAhead + 1) * theta;
  const lt = rate * t;
  let p = [...waiting];
  let served = 0;
  let result = 0;
  let logWeight = -lt;
  const steps = Math.ceil(lt + 12 * Math.sqrt(lt) + 30);
  for (let step = 0; step <= steps; step++) {
    result += Math.exp(logWeight) * served;
    const next = new Array<number>(p.length).fill(0);
    for (let j = 0; j < p.length; j++) {
      const pj = p[j]!;
      if (pj === 0) continue;
      const advance = cm + j * theta;
      next[j]! += pj * (1 - (advance + theta) / rate);
      if (j === 0) served += pj * (advance / rate);
      else next[j - 1]! += pj * (advance / rate);
    }
    p = next;
    logWeight += Math.log(lt) - Math.log(step + 1);
  }
  return immediately + result;
}

export function erlangA(load: ImpatientLoad, agents: number, targetSeconds: number): ErlangAFigures {
  const lambda = load.arrivalsPerSecond;
  const mu = 1 / load.handleSeconds;
  const theta = 1 / load.patienceSeconds;
  const traffic = lambda * load.handleSeconds;
  if (lambda <= 0) {
    return { agents, trafficErlangs: 0, occupancy: 0, probabilityOfWaiting: 0, probabilityOfAbandoning: 0, serviceLevel: 1, averageWaitSeconds: 0 };
  }
  if (agents <= 0) {
    return { agents, trafficErlangs: traffic, occupancy: 1, probabilityOfWaiting: 1, probabilityOfAbandoning: 1, serviceLevel: 0, averageWaitSeconds: load.patienceSeconds };
  }
  const pi = stationary(lambda, mu, theta, agents);
  let waiting = 0;
  let queued = 0;
  let busy = 0;
  pi.forEach((p, n) => {
    if (n >= agents) waiting += p;
    queued += Math.max(0, n - agents) * p;
    busy += Math.min(n, agents) * p;
  });
  return {
    agents,
    trafficErlangs: traffic,
    occupancy: busy / agents,
    probabilityOfWaiting: waiting,
    // Little's law on the queue: abandonments per second = θ·E[queue], as a share of arrivals.
    probabilityOfAbandoning: (theta * queued) / lambda,
    serviceLevel: answeredWithin(pi, mu, theta, agents, targetSeconds),
    averageWaitSeconds: queued / lambda,
  };
}

/** The fewest agents that answer `serviceLevel` (0..1, below 1) of arrivals within `targetSeconds`, customers being impatient. */
export function agentsNeededWithAbandonment(load: ImpatientLoad, serviceLevel: number, targetSeconds: number): ErlangAFigures {
  if (load.arrivalsPerSecond <= 0) return erlangA(load, 0, targetSeconds);
  // The service level grows with every agent, so a binary search finds the fewest; with as many agents as Erlang C
  // would need plus a wide margin, nearly nobody waits, which bounds the search.
  const traffic = load.arrivalsPerSecond * load.handleSeconds;
  let low = 0;
  let high = Math.ceil(traffic + 10 * Math.sqrt(traffic) + 100);
  let best = erlangA(load, high, targetSeconds);
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    const figures = erlangA(load, mid, targetSeconds);
    if (figures.serviceLevel >= serviceLevel) [high, best] = [mid, figures];
    else low = mid;
  }
  return best;
}
