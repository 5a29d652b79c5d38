// Who gets a conversation: manual, round-robin, least-loaded with per-agent capacity, and skill/language match.
// A pure decision over the agents the caller loaded; writing it (and winning the race for it) is the store's job.
export const ASSIGNMENT_STRATEGIES = ['manual', 'round-robin', 'least-loaded'] as const;
export type AssignmentStrategy = (typeof ASSIGNMENT_STRATEGIES)[number];

export const AGENT_AVAILABILITIES = ['online', 'away', 'offline'] as const;
export type AgentAvailability = (typeof AGENT_AVAILABILITIES)[number];

export interface AssignableAgent {
  readonly id: string;
  readonly availability: AgentAvailability;
  /** Open conversations assigned now. */
  readonly load: number;
  /** Most open conversations this agent takes; the strategy never exceeds it. */
  readonly capacity: number;
  readonly skills: readonly string[];
  readonly languages: readonly string[];
  /** When this agent was last given a conversation (round-robin order); null = never. */
  readonly lastAssignedAt: number | null;
}

export interface AssignmentNeed {
  readonly language: string;
  readonly skills: readonly string[];
}

export type AssignmentDecision =
  | { readonly kind: 'assign'; readonly agentId: string; readonly reason: string }
  | { readonly kind: 'leave-in-queue'; readonly reason: string };

export function decideAssignment(strategy: AssignmentStrategy, need: AssignmentNeed, agents: readonly AssignableAgent[]): AssignmentDecision {
  if (strategy === 'manual') return { kind: 'leave-in-queue', reason: 'the queue assigns manually' };
  const online = agents.filter((a) => a.availability === 'online');
  if (online.length === 0) return { kind: 'leave-in-queue', reason: 'no agent of the queue is online' };
  const withRoom = online.filter((a) => a.load < a.capacity);
  if (withRoom.length === 0) return { kind: 'leave-in-queue', reason: `all ${online.length} online agents are at capacity` };
  const skilled = withRoom.filter((a) => need.skills.every((s) => a.skills.includes(s)));
  if (skilled.length === 0) return { kind: 'leave-in-queue', reason: `no online agent with room has the skills ${need.skills.join(', ')}` };
  // Language is a preference when known: an agent who speaks it wins, otherwise anyone skilled will do.
  const speakers = need.language === 'unknown' ? [] : skilled.filter((a) => a.languages.includes(need.language));
  const pool = speakers.length > 0 ? speakers : skilled;
  const byId = (x: AssignableAgent, y: AssignableAgent) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
  const chosen =
    strategy === 'round-robin'
      ? [...pool].sort((x, y) => (x.lastAssignedAt ?? -1) - (y.lastAssignedAt ?? -1) || byId(x, y))[0]!
      : [...pool].sort((x, y) => x.load / x.capacity - y.load / y.capacity || x.load - y.load || byId(x, y))[0]!;
  const language = speakers.length > 0 ? `, speaks ${need.language}` : need.language !== 'unknown' ? `, nobody online speaks ${need.language}` : '';
  const why =
    strategy === 'round-robin'
      ? `round-robin: longest without a new conversation${language}`
      : `least-loaded: ${chosen.load}/${chosen.capacity} open${language}`;
  return { kind: 'assign', agentId: chosen.id, reason: why };
}
