// The churn-risk list: contacts who asked to cancel, came back negative more than once, or have a complaint still
// open, scored with the reasons shown and weighted by customer value where the contact has one. Points are
// deliberately simple so a lead can check a row by hand:
//   cancel intent 40 · each negative conversation after the first 20 (max 40) · each unresolved complaint 20
//   (max 40) · a single negative conversation 10; capped at 100, then × (1 + value) for a value in 0..1.
// Contacts under 20 points (one bad moment, nothing else) are left out.
import type { ConversationScope } from '../domain/access.js';
import { readChurnSignals, type ChurnSignalRow, type Database } from '../store/index.js';

export interface ChurnRisk {
  readonly contactId: string;
  readonly contactName: string | null;
  readonly score: number;
  /** Score × (1 + customer value); equals score when the value is unknown. */
  readonly weightedScore: number;
  readonly customerValue: number | null;
  readonly reasons: readonly string[];
  readonly conversationIds: readonly string[];
  readonly channels: readonly string[];
  readonly lastContactAt: string;
}

export const CHURN_RISK_MIN_SCORE = 20;

export function scoreChurnRisk(rows: readonly ChurnSignalRow[]): ChurnRisk[] {
  const byContact = new Map<string, ChurnSignalRow[]>();
  for (const r of rows) byContact.set(r.contactId, [...(byContact.get(r.contactId) ?? []), r]);
  const risks: ChurnRisk[] = [];
  for (const [contactId, convs] of byContact) {
    const reasons: string[] = [];
    let score = 0;
    const cancel = convs.reduce((s, c) => s + c.cancelMessages, 0);
    if (cancel > 0) {
      score += 40;
      reasons.push(`+40 asked to cancel (${cancel} message${cancel === 1 ? '' : 's'})`);
    }
    const negative = convs.filter((c) => c.negativeMessages > 0).length;
    if (negative >= 2) {
      const points = Math.min(40, 20 * (negative - 1));
      score += points;
      reasons.push(`+${points} ${negative} negative conversations`);
    } else if (negative === 1) {
      score += 10;
      reasons.push('+10 one negative conversation');
    }
    const openComplaints = convs.filter((c) => c.complaintMessages > 0 && !c.isResolved).length;
    if (openComplaints > 0) {
      const points = Math.min(40, 20 * openComplaints);
      score += points;
      reasons.push(`+${points} ${openComplaints} unresolved complaint${openComplaints === 1 ? '' : 's'}`);
    }
    score = Math.min(100, score);
    if (score < CHURN_RISK_MIN_SCORE) continue;
    const value = convs[0]!.customerValue === null ? null : Math.min(1, Math.max(0, convs[0]!.customerValue));
    if (value !== null) reasons.push(`× ${1 + value} customer value ${value}`);
    const last = convs.reduce((m, c) => (c.lastMessageAt > m ? c.lastMessageAt : m), convs[0]!.lastMessageAt);
    risks.push({
      contactId,
      contactName: convs[0]!.contactName,
      score,
      weightedScore: Math.round(score * (1 + (value ?? 0)) * 10) / 10,
      customerValue: value,
      reasons,
      conversationIds: convs.map((c) => c.conversationId),
      channels: [...new Set(convs.map((c) => c.channel))].sort(),
      lastContactAt: last.toISOString(),
    });
  }
  return risks.sort((a, b) => b.weightedScore - a.weightedScore || (a.lastContactAt > b.lastContactAt ? -1 : 1));
}

export async function buildChurnRiskList(
  database: Database,
  query: { readonly since: Date; readonly until: Date; readonly scope?: ConversationScope; readonly limit: number },
): Promise<readonly ChurnRisk[]> {
  const rows = await readChurnSignals(database.db, { since: query.since, until: query.until, ...(query.scope ? { scope: query.scope } : {}) });
  return scoreChurnRisk(rows).slice(0, query.limit);
}
