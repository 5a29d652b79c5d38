// The CPU half of ingest, which needs no database and no lock: normalise a raw row and triage its customer
// messages. The worker runs it ahead on rows that are still pending, so it overlaps the database half.
import type { ClaimedRaw } from '../domain/ingest.js';
import type { InboundMessage } from '../domain/inbound-message.js';
import type { Triager, TriageResult } from '../domain/triage-result.js';
import { normaliseRaw, type BatchNormaliseOutcome } from './normalise.js';

export interface PreparedRow {
  readonly outcome: BatchNormaliseOutcome;
  /** Aligned with `outcome.messages`; null for the company's own messages. */
  readonly triage: readonly (TriageResult | null)[];
}

export function triageMessage(triager: Triager, message: InboundMessage): TriageResult | null {
  if (message.direction !== 'inbound') return null;
  const author = message.author;
  return triager.triage({
    text: message.text,
    isPublic: message.isPublic,
    author: {
      ...(author.followers !== undefined ? { followers: author.followers } : {}),
      ...(author.verified !== undefined ? { verified: author.verified } : {}),
    },
  });
}

export function prepareRow(row: Pick<ClaimedRaw, 'source' | 'payload'>, triager: Triager): PreparedRow {
  const outcome = normaliseRaw(row.source, row.payload);
  return { outcome, triage: outcome.kind === 'ok' ? outcome.messages.map((m) => triageMessage(triager, m)) : [] };
}
