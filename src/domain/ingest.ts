// The contract between the pipeline (which decides) and the store (which loads and writes in one transaction)
// for one batch of raw inbound rows: what the pipeline may ask, and the plan it hands back.
import type { ConversationStatus } from './conversation-status.js';
import type { ConversationTiming } from './conversation-timing.js';
import type {
  ChannelAccountId,
  ContactId,
  ConversationId,
  EpochMs,
  OrganisationId,
  QueueId,
  RawInboundId,
} from './ids.js';
import type { InboundAuthor, InboundMessage } from './inbound-message.js';
import type { TriageResult } from './triage-result.js';

export interface ClaimedRaw {
  readonly id: RawInboundId;
  readonly organisationId: OrganisationId;
  readonly channelAccountId: ChannelAccountId;
  readonly channelKind: string;
  /** How to normalise the payload: a channel kind, or `import.twcs` / `import.csv` / `import.jsonl` / `normalised`. */
  readonly source: string;
  readonly payload: unknown;
  readonly attempts: number;
}

/** What the store knows of the conversation a thread key points to. */
export interface ThreadState {
  readonly conversationId: ConversationId;
  readonly status: ConversationStatus;
  readonly resolvedAt: EpochMs | null;
  readonly contactId: ContactId | null;
  /** Timing so far; `lastMessageAt` also keeps a late, older message from changing the status. */
  readonly timing: ConversationTiming;
  /** True when the key is a stored message's id (rather than a thread key or an awaited parent). */
  readonly isStoredMessage: boolean;
}

export interface IdentityInput extends InboundAuthor {
  readonly channelKind: string;
}

export interface ResolvedIdentity {
  readonly contactId: ContactId;
  readonly identityId: string;
}

/** Read access inside the batch transaction; the store answers, the pipeline decides. */
export interface IngestUnit {
  readonly rows: readonly ClaimedRaw[];
  knownExternalIds(channelAccountId: ChannelAccountId, externalIds: readonly string[]): Promise<ReadonlySet<string>>;
  threadStates(channelAccountId: ChannelAccountId, keys: readonly string[]): Promise<ReadonlyMap<string, ThreadState>>;
  /** Upserts identities (and contacts for new ones, merging on verified email/phone); keyed by `identityKey`. */
  resolveIdentities(organisationId: OrganisationId, identities: readonly IdentityInput[]): Promise<ReadonlyMap<string, ResolvedIdentity>>;
  defaultQueue(organisationId: OrganisationId): Promise<QueueId>;
}

export function identityKey(channelKind: string, handle: string): string {
  return `${channelKind}\u0000${handle}`;
}

export interface PlannedConversation {
  readonly id: ConversationId;
  readonly organisationId: OrganisationId;
  readonly channelAccountId: ChannelAccountId;
  readonly contactId: ContactId | null;
  readonly queueId: QueueId;
  readonly isPublic: boolean;
  readonly status: ConversationStatus;
}

/** Triage of the newest customer message, which the conversation shows in the inbox. */
export interface LatestTriage {
  readonly priority: number;
  readonly language: string;
  readonly sentiment: string;
}

export interface ConversationUpdate {
  readonly conversationId: ConversationId;
  /** `null`: recompute the timing from all stored messages (an out-of-order arrival changed it). */
  readonly timing: ConversationTiming | null;
  readonly latest: LatestTriage | null;
}

export interface PlannedMessage {
  readonly rawId: RawInboundId;
  readonly organisationId: OrganisationId;
  readonly channelAccountId: ChannelAccountId;
  readonly conversationId: ConversationId;
  readonly message: InboundMessage;
  readonly identityId: string | null;
  readonly triage: TriageResult | null;
}

export interface IngestPlan {
  readonly newConversations: readonly PlannedConversation[];
  /** `from` is folded into `into`: its messages and thread links move, then it is deleted. */
  readonly merges: readonly { readonly from: ConversationId; readonly into: ConversationId }[];
  readonly statusChanges: readonly { readonly conversationId: ConversationId; readonly status: ConversationStatus }[];
  /** Conversations that were started by a company message and now learn who the customer is. */
  readonly contactAssignments: readonly { readonly conversationId: ConversationId; readonly contactId: ContactId }[];
  readonly messages: readonly PlannedMessage[];
  /** Every conversation that gained messages, new ones included. */
  readonly conversationUpdates: readonly ConversationUpdate[];
  readonly links: readonly { readonly channelAccountId: ChannelAccountId; readonly key: string; readonly conversationId: ConversationId }[];
  readonly dead: readonly { readonly rawId: RawInboundId; readonly reason: string }[];
}

export interface IngestBatchReport {
  readonly channelAccountId: ChannelAccountId;
  /** Highest raw row id of the batch: the worker prepares the rows after it while this batch is written. */
  readonly lastRawId: RawInboundId;
  readonly claimed: number;
  readonly messages: number;
  readonly newConversations: number;
  readonly dead: number;
}
