// What the workflow step reads about a conversation and what it decides, shared by the decision (src/routing)
// and the store that gathers the facts and writes the decision in one transaction.
import type { AssignableAgent, AssignmentStrategy } from './assignment.js';
import type { BusinessHours } from './business-hours.js';
import type { FairQueueWeights } from './fair-priority.js';
import type { EpochMs } from './ids.js';
import type { RoutingRule } from './routing-rule.js';
import type { SlaClock, SlaEvent } from './sla-clock.js';
import type { SlaPolicyDefinition } from './sla-policy.js';
import type { ResponsePath, TriageResult } from './triage-result.js';

export interface WorkflowConversation {
  readonly id: string;
  readonly channelKind: string;
  readonly channelAccountId: string;
  readonly isPublic: boolean;
  readonly status: string;
  readonly queueId: string | null;
  readonly assigneeId: string | null;
  readonly tags: readonly string[];
  readonly firstInboundAt: EpochMs | null;
  readonly firstResponseAt: EpochMs | null;
  /** The oldest customer message not yet answered (after the last reply); null when the customer waits for nothing. */
  readonly awaitingSince: EpochMs | null;
  readonly lastOutboundAt: EpochMs | null;
  readonly lastInboundAt: EpochMs | null;
  readonly resolvedAt: EpochMs | null;
  readonly routedAt: EpochMs | null;
  readonly slaClocks: readonly SlaClock[];
  readonly ventOf: string | null;
}

export interface WorkflowQueue {
  readonly teamId: string | null;
  readonly assignment: AssignmentStrategy;
  readonly skill: string | null;
}

/** An earlier contact of the same customer elsewhere that was not answered or not resolved. */
export interface VentCandidate {
  readonly conversationId: string;
  readonly channelKind: string;
  readonly answered: boolean;
}

export interface WorkflowFacts {
  readonly conversation: WorkflowConversation;
  /** Triage of the newest customer message; null for conversations without one (an agent-started thread). */
  readonly triage: TriageResult | null;
  readonly text: string;
  readonly contact: Readonly<Record<string, string | number | boolean>>;
  readonly ventCandidate: VentCandidate | null;
}

export interface WorkflowSetting {
  readonly rules: readonly RoutingRule[];
  readonly policies: readonly SlaPolicyDefinition[];
  readonly weights: FairQueueWeights;
  readonly queues: ReadonlyMap<string, WorkflowQueue>;
  readonly hours: ReadonlyMap<string, BusinessHours>;
  /** Agents with the teams they belong to; loads are updated by the caller as a batch assigns. */
  readonly agents: readonly (AssignableAgent & { readonly teamIds: readonly string[] })[];
  /** Conversations whose newest customer message is older than this are filed (routed), not worked (no SLA, no assignment). */
  readonly historicalAfterMs: number;
  /** Auto-acknowledgement texts for messages that arrive while the queue's team is closed; null: none sent. */
  readonly outOfHours: { readonly public?: string | undefined; readonly private?: string | undefined } | null;
}

export interface WorkflowDecision {
  readonly queueId: string | null;
  readonly priority: number;
  readonly needReasons: readonly string[];
  /** Only on the first routing; null keeps the recorded reasons. */
  readonly routingReasons: readonly string[] | null;
  readonly tags: readonly string[];
  readonly path: ResponsePath | null;
  readonly pathReasons: readonly string[];
  readonly assign: { readonly agentId: string; readonly reason: string } | null;
  readonly slaPolicyId: string | null;
  readonly slaClocks: readonly SlaClock[];
  readonly slaEvents: readonly SlaEvent[];
  readonly slaDueAt: EpochMs | null;
  readonly slaNextCheckAt: EpochMs | null;
  readonly vent: { readonly conversationId: string; readonly reason: string } | null;
  /** A reply to send at once because the team is closed (a public note for public posts, a message for DMs). */
  readonly autoAck: { readonly text: string } | null;
}

