// Erlang C: how many agents an arrival rate and handle time need for a target service level (DESIGN.md §1:
// "service doesn't scale for free"). Pure math; the staffing report feeds it measured rates per interval.
// Computed through the Erlang B recursion, which never forms A^N or N! and so stays exact for hundreds of agents.

export interface QueueLoad {
  /** Contacts arriving per second. */
  readonly arrivalsPerSecond: number;
  /** Average handle time (talk/typing + wrap-up), seconds. */
  readonly handleSeconds: number;
}

/** Offered traffic in erlangs: arrivals × handle time. */
export function trafficErlangs(load: QueueLoad): number {
  return load.arrivalsPerSecond * load.handleSeconds;
}

/** Probability that a contact is not answered at once (waits), with `agents` agents; 1 when overloaded. */
export function erlangC(trafficErlangsValue: number, agents: number): number {
  if (agents <= 0 || trafficErlangsValue >= agents) return 1;
  if (trafficErlangsValue <= 0) return 0;
  let b = 1; // Erlang B with 0 servers
  for (let n = 1; n <= agents; n++) b = (trafficErlangsValue * b) / (n + trafficErlangsValue * b);
  return b / (1 - (trafficErlangsValue / agents) * (1 - b));
}

export interface StaffingFigures {
  readonly agents: number;
  readonly trafficErlangs: number;
  readonly occupancy: number;
  readonly probabilityOfWaiting: number;
  /** Share answered within the target time. */
  readonly serviceLevel: number;
  /** Average speed of answer, seconds. */
  readonly averageWaitSeconds: number;
}

export function staffingFigures(load: QueueLoad, agents: number, targetSeconds: number): StaffingFigures {
  const a = trafficErlangs(load);
  const pw = erlangC(a, agents);
  const stable = agents > a;
  return {
    agents,
    trafficErlangs: a,
    occupancy: agents > 0 ? Math.min(1, a / agents) : 1,
    probabilityOfWaiting: pw,
    serviceLevel: stable ? 1 - pw * Math.exp((-(agents - a) * targetSeconds) / load.handleSeconds) : 0,
    averageWaitSeconds: stable ? (pw * load.handleSeconds) / (agents - a) : Number.POSITIVE_INFINITY,
  };
}

/** The fewest agents that reach `serviceLevel` (0..1) within `targetSeconds`; 0 when nothing arrives. */
export function agentsNeeded(load: QueueLoad, serviceLevel: number, targetSeconds: number): StaffingFigures {
  const a = trafficErlangs(load);
  if (a <= 0) return staffingFigures(load, 0, targetSeconds);
  for (let n = Math.max(1, Math.floor(a) + 1); ; n++) {
    const figures = staffingFigures(load, n, targetSeconds);
    if (figures.serviceLevel >= serviceLevel) return figures;
  }
}
