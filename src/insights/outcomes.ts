// Reopen rate, first-contact resolution and vent rate per channel (issue 10 §1). Rates are shares of what they
// are a share of — reopened and FCR of conversations resolved at least once, vents of public conversations —
// and null when there is nothing to divide by, rather than a 0 that reads as a measurement.
import type { ConversationScope } from '../domain/access.js';
import { readOutcomes, type Database, type OutcomeCounts } from '../store/index.js';

export interface OutcomeRow extends OutcomeCounts {
  readonly reopenRate: number | null;
  readonly firstContactResolutionRate: number | null;
  readonly ventRate: number | null;
}

/** A later conversation by the same contact within this time of resolution means the first one did not resolve it. */
export const FCR_WINDOW_MS = 7 * 86_400_000;

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

export function outcomeRates(counts: readonly OutcomeCounts[]): OutcomeRow[] {
  const total = counts.reduce(
    (t, c) => ({
      channel: 'all',
      conversations: t.conversations + c.conversations,
      resolved: t.resolved + c.resolved,
      reopened: t.reopened + c.reopened,
      resolvedAtFirstContact: t.resolvedAtFirstContact + c.resolvedAtFirstContact,
      publicConversations: t.publicConversations + c.publicConversations,
      vents: t.vents + c.vents,
    }),
    { channel: 'all', conversations: 0, resolved: 0, reopened: 0, resolvedAtFirstContact: 0, publicConversations: 0, vents: 0 },
  );
  return [...counts, ...(counts.length > 0 ? [total] : [])].map((c) => ({
    ...c,
    reopenRate: share(c.reopened, c.resolved),
    firstContactResolutionRate: share(c.resolvedAtFirstContact, c.resolved),
    ventRate: share(c.vents, c.publicConversations),
  }));
}

export async function buildOutcomeReport(
  database: Database,
  query: { readonly since: Date; readonly until: Date; readonly scope?: ConversationScope },
): Promise<readonly OutcomeRow[]> {
  return outcomeRates(await readOutcomes(database.db, { ...query, fcrWindowMs: FCR_WINDOW_MS }));
}
