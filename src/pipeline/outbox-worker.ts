// The outbox worker: sends queued replies through their channel's connector and applies delivery receipts.
// Retries follow the connector's ChannelError (retryable, retryAfterMs) with backoff; refusals fail with the
// reason; an attempt after an ambiguous one (timeout, crash mid-send) first asks the provider whether the message
// already went out, so a reply is never posted twice.
import type { Logger } from 'pino';
import { z } from 'zod';
import { backoffDelay, channelDefinition, DEFAULT_BACKOFF, type BackoffPolicy } from '../channels/index.js';
import { ChannelError } from '../domain/errors.js';
import type { ChannelAccountId, EpochMs } from '../domain/ids.js';
import {
  applyDeliveryReports,
  claimOutboxItems,
  claimReceipts,
  failOutboxItem,
  finishReceipt,
  markOutboxSent,
  rescheduleOutboxItem,
  type ClaimedOutboxItem,
  type ClaimedReceipt,
  type Database,
} from '../store/index.js';
import type { ConnectorSource } from './connector-source.js';
import { startWakeableLoop } from './wakeable-loop.js';

export interface OutboxWorkerDeps {
  readonly database: Database;
  readonly connectors: ConnectorSource;
  readonly log: Logger;
  readonly workerId: string;
  readonly batchSize?: number;
  /** How long a claimed item is reserved; longer than the connector timeout. */
  readonly leaseMs?: number;
  readonly maxAttempts?: number;
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
  readonly idlePollMs?: number;
  /** How long a receipt that names no message yet (it beat the send's answer) is retried. */
  readonly receiptRetryMs?: number;
}

export interface OutboxTotals {
  sent: number;
  retried: number;
  failed: number;
  receipts: number;
}

const replyPayload = z.object({ to: z.string().min(1), text: z.string(), inReplyToExternalId: z.string().optional() });
const receiptPayload = z.object({ channelAccountId: z.string(), kind: z.string(), payload: z.unknown() });

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const isAmbiguous = (err: unknown): boolean =>
  err instanceof ChannelError && typeof err.details === 'object' && err.details !== null && (err.details as { ambiguous?: unknown }).ambiguous === true;

async function sendOne(deps: OutboxWorkerDeps, item: ClaimedOutboxItem, totals: OutboxTotals): Promise<void> {
  const db = deps.database.db;
  const log = deps.log.child({ outboxItemId: item.id, channelAccountId: item.channelAccountId });
  const payload = replyPayload.safeParse(item.payload);
  if (!payload.success) {
    totals.failed++;
    return failOutboxItem(db, { id: item.id, reason: `outbox payload: ${payload.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
  }
  const found = await deps.connectors.get(item.channelAccountId);
  if (!found) {
    totals.failed++;
    return failOutboxItem(db, { id: item.id, reason: 'the channel account was removed' });
  }
  const { connector } = found;
  if (!connector.limits.canReply) {
    totals.failed++;
    return failOutboxItem(db, { id: item.id, reason: `${connector.kind} accounts cannot send replies` });
  }
  if (payload.data.text.length > connector.limits.maxTextLength) {
    totals.failed++;
    return failOutboxItem(db, { id: item.id, reason: `reply is ${payload.data.text.length} characters; ${connector.kind} allows ${connector.limits.maxTextLength}` });
  }
  const reply = {
    idempotencyKey: item.idempotencyKey,
    text: payload.data.text,
    to: payload.data.to,
    firstAttemptAt: item.createdAt as EpochMs,
    ...(payload.data.inReplyToExternalId ? { inReplyToExternalId: payload.data.inReplyToExternalId } : {}),
  };
  try {
    // A previous attempt may have reached the provider (it timed out, or this worker's predecessor died).
    if (item.attempts > 1 && connector.findSent) {
      const already = await connector.findSent(reply);
      if (already) {
        log.info({ externalId: already.externalId }, 'reply found already sent; not sending again');
        totals.sent++;
        return markOutboxSent(db, { id: item.id, externalId: already.externalId, status: already.status });
      }
    }
    const sent = await connector.sendReply(reply);
    totals.sent++;
    await markOutboxSent(db, { id: item.id, externalId: sent.externalId, status: sent.status });
  } catch (err) {
    const retryable = err instanceof ChannelError ? err.retryable : true;
    const maxAttempts = deps.maxAttempts ?? 8;
    if (retryable && item.attempts < maxAttempts) {
      const retryAfterMs = err instanceof ChannelError ? err.retryAfterMs : undefined;
      const delayMs = backoffDelay(item.attempts, deps.backoff ?? DEFAULT_BACKOFF, deps.random ?? Math.random, retryAfterMs);
      totals.retried++;
      log.warn({ err, delayMs, attempts: item.attempts, ambiguous: isAmbiguous(err) }, 'reply send failed; retrying');
      await rescheduleOutboxItem(db, { id: item.id, delayMs, error: errorText(err) });
    } else {
      totals.failed++;
      log.warn({ err, attempts: item.attempts }, 'reply send failed for good');
      await failOutboxItem(db, { id: item.id, reason: retryable ? `gave up after ${item.attempts} attempts: ${errorText(err)}` : errorText(err) });
    }
  }
}

async function applyReceipt(deps: OutboxWorkerDeps, job: ClaimedReceipt, totals: OutboxTotals): Promise<void> {
  const db = deps.database.db;
  const parsed = receiptPayload.safeParse(job.payload);
  const def = parsed.success ? channelDefinition(parsed.data.kind) : undefined;
  if (!parsed.success || !def) return finishReceipt(db, job.id, { kind: 'failed', reason: 'receipt job payload unreadable or channel unknown' });
  const outcome = def.parseInbound(parsed.data.payload);
  if (outcome.kind === 'invalid') return finishReceipt(db, job.id, { kind: 'failed', reason: outcome.reason });
  const { unmatched } = await applyDeliveryReports(db, parsed.data.channelAccountId as ChannelAccountId, outcome.deliveryUpdates);
  totals.receipts++;
  if (unmatched.length > 0 && job.attempts < job.maxAttempts) {
    return finishReceipt(db, job.id, { kind: 'retry', delayMs: deps.receiptRetryMs ?? 2000, error: `no sent message with id ${unmatched.join(', ')} yet` });
  }
  return finishReceipt(db, job.id, { kind: 'done' });
}

/** Sends and applies until nothing is due; returns what it did. */
export async function drainOutbox(deps: OutboxWorkerDeps, totals: OutboxTotals = { sent: 0, retried: 0, failed: 0, receipts: 0 }): Promise<OutboxTotals> {
  const limit = deps.batchSize ?? 20;
  const leaseMs = deps.leaseMs ?? 120_000;
  for (;;) {
    const items = await claimOutboxItems(deps.database.db, { limit, leaseMs });
    const receipts = await claimReceipts(deps.database.db, { limit, workerId: deps.workerId, leaseMs });
    if (items.length === 0 && receipts.length === 0) return totals;
    await Promise.all([...items.map((i) => sendOne(deps, i, totals)), ...receipts.map((r) => applyReceipt(deps, r, totals))]);
  }
}

export interface RunningOutboxWorker {
  wake(): void;
  stop(): Promise<void>;
  readonly totals: OutboxTotals;
}

export function startOutboxWorker(deps: OutboxWorkerDeps): RunningOutboxWorker {
  const totals: OutboxTotals = { sent: 0, retried: 0, failed: 0, receipts: 0 };
  const loop = startWakeableLoop({
    drain: async () => {
      await drainOutbox(deps, totals);
    },
    idlePollMs: deps.idlePollMs ?? 500,
    log: deps.log,
    what: 'outbox worker',
  });
  return { totals, wake: loop.wake, stop: loop.stop };
}
