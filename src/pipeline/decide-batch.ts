// normalise → identify contact → thread → triage → route, for one claimed batch. Reads go through the
// IngestUnit (inside the store's transaction); the result is a plan the store writes in one go.
import { foldTiming, type ConversationTiming } from '../domain/conversation-timing.js';
import type { ChannelAccountId, ConversationId, OrganisationId, RawInboundId } from '../domain/ids.js';
import type { InboundMessage } from '../domain/inbound-message.js';
import { identityKey, type ConversationUpdate, type IngestPlan, type IngestUnit, type PlannedMessage } from '../domain/ingest.js';
import type { Triager, TriageResult } from '../domain/triage-result.js';
import { prepareRow, type PreparedRow } from './prepare-row.js';
import { lookupKeys, planThreads } from './plan-threads.js';

export interface DecideOptions {
  readonly triager: Triager;
  readonly reopenWindowMs: number;
  readonly newConversationId?: () => ConversationId;
  /** Rows already normalised and triaged ahead of the claim (by raw id); others are prepared here. */
  readonly prepared?: ReadonlyMap<RawInboundId, PreparedRow>;
}

interface AccountGroup {
  readonly organisationId: OrganisationId;
  readonly channelAccountId: ChannelAccountId;
  readonly channelKind: string;
  readonly items: { rawId: RawInboundId; message: InboundMessage; triage: TriageResult | null }[];
  readonly seen: Set<string>;
}

export async function decideBatch(unit: IngestUnit, options: DecideOptions): Promise<IngestPlan> {
  const dead: { rawId: RawInboundId; reason: string }[] = [];
  const groups = new Map<ChannelAccountId, AccountGroup>();
  for (const row of unit.rows) {
    const prepared = options.prepared?.get(row.id) ?? prepareRow(row, options.triager);
    const outcome = prepared.outcome;
    if (outcome.kind === 'invalid') {
      dead.push({ rawId: row.id, reason: outcome.reason });
      continue;
    }
    let group = groups.get(row.channelAccountId);
    if (!group) {
      group = {
        organisationId: row.organisationId,
        channelAccountId: row.channelAccountId,
        channelKind: row.channelKind,
        items: [],
        seen: new Set(),
      };
      groups.set(row.channelAccountId, group);
    }
    for (const [i, message] of outcome.messages.entries()) {
      if (group.seen.has(message.externalId)) continue; // the same item twice in one batch
      group.seen.add(message.externalId);
      group.items.push({ rawId: row.id, message, triage: prepared.triage[i] ?? null });
    }
  }

  const plan = {
    newConversations: [] as IngestPlan['newConversations'][number][],
    merges: [] as IngestPlan['merges'][number][],
    statusChanges: [] as IngestPlan['statusChanges'][number][],
    contactAssignments: [] as IngestPlan['contactAssignments'][number][],
    links: [] as IngestPlan['links'][number][],
    messages: [] as PlannedMessage[],
    conversationUpdates: [] as ConversationUpdate[],
  };
  const newConversationId = options.newConversationId ?? (() => crypto.randomUUID() as ConversationId);

  for (const group of groups.values()) {
    const known = await unit.knownExternalIds(group.channelAccountId, [...group.seen]);
    const fresh = group.items.filter((i) => !known.has(i.message.externalId));
    if (fresh.length === 0) continue;
    const authors = fresh.filter((i) => i.message.direction === 'inbound').map((i) => ({ ...i.message.author, channelKind: group.channelKind }));
    const identities = await unit.resolveIdentities(group.organisationId, authors);
    const states = await unit.threadStates(group.channelAccountId, [...new Set(fresh.flatMap((i) => lookupKeys(i.message)))]);
    const defaultQueueId = await unit.defaultQueue(group.organisationId);
    const threads = planThreads({
      organisationId: group.organisationId,
      channelAccountId: group.channelAccountId,
      messages: fresh.map((i) => ({
        rawId: i.rawId,
        message: i.message,
        contactId:
          i.message.direction === 'inbound' ? (identities.get(identityKey(group.channelKind, i.message.author.handle))?.contactId ?? null) : null,
      })),
      states,
      defaultQueueId,
      reopenWindowMs: options.reopenWindowMs,
      newConversationId,
    });
    plan.newConversations.push(...threads.newConversations);
    plan.merges.push(...threads.merges);
    plan.statusChanges.push(...threads.statusChanges);
    plan.contactAssignments.push(...threads.contactAssignments);
    plan.links.push(...threads.links);
    const firstMessageIndex = plan.messages.length;
    const triageOf = new Map(fresh.map((i) => [i.message.externalId, i.triage]));
    for (const t of threads.threaded) {
      const inbound = t.message.direction === 'inbound';
      plan.messages.push({
        rawId: t.rawId,
        organisationId: group.organisationId,
        channelAccountId: group.channelAccountId,
        conversationId: t.conversationId,
        message: t.message,
        identityId: inbound ? (identities.get(identityKey(group.channelKind, t.message.author.handle))?.identityId ?? null) : null,
        triage: triageOf.get(t.message.externalId) ?? null,
      });
    }
    plan.conversationUpdates.push(...conversationUpdates(plan.messages.slice(firstMessageIndex), threads.baseTimings));
  }
  return { ...plan, dead };
}

/** Per conversation: its timing folded with the new messages, and the triage of its newest customer message. */
function conversationUpdates(
  messages: readonly PlannedMessage[],
  baseTimings: ReadonlyMap<ConversationId, ConversationTiming | null>,
): ConversationUpdate[] {
  const byConversation = new Map<ConversationId, PlannedMessage[]>();
  for (const m of messages) {
    const list = byConversation.get(m.conversationId);
    if (list) list.push(m);
    else byConversation.set(m.conversationId, [m]);
  }
  return [...byConversation].map(([conversationId, added]) => {
    const base = baseTimings.get(conversationId) ?? null;
    const timing = base === null ? null : foldTiming(base, added.map((m) => m.message));
    let newest: PlannedMessage | undefined;
    for (const m of added) {
      if (m.triage && (newest === undefined || m.message.sentAt >= newest.message.sentAt)) newest = m;
    }
    const isNewest = newest !== undefined && (base?.lastMessageAt == null || newest.message.sentAt >= base.lastMessageAt);
    return {
      conversationId,
      timing,
      latest:
        isNewest && newest?.triage
          ? { priority: newest.triage.priority.value, language: newest.triage.language.value, sentiment: newest.triage.sentiment.value }
          : null,
    };
  });
}
