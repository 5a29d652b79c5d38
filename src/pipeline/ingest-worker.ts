// The ingest worker: claims batches until none are left, isolates a poison row by retrying one row at a time
// after a failed batch, and sleeps until woken (in-process) or the idle poll interval passes (other processes).
import type { Logger } from 'pino';
import type { IngestBatchReport } from '../domain/ingest.js';
import type { Triager } from '../domain/triage-result.js';
import { runIngestBatch, type Database } from '../store/index.js';
import { decideBatch } from './decide-batch.js';

export interface IngestWorkerDeps {
  readonly database: Database;
  readonly triager: Triager;
  readonly log: Logger;
  readonly reopenWindowMs: number;
  readonly batchSize: number;
  readonly workerId: string;
  /** Concurrent batches in this process; on PGlite they queue on the one connection anyway. */
  readonly concurrency: number;
  readonly maxAttempts?: number;
  readonly idlePollMs?: number;
}

export interface IngestTotals {
  batches: number;
  claimed: number;
  messages: number;
  newConversations: number;
  dead: number;
  failedBatches: number;
}

export function emptyTotals(): IngestTotals {
  return { batches: 0, claimed: 0, messages: 0, newConversations: 0, dead: 0, failedBatches: 0 };
}

function add(totals: IngestTotals, report: IngestBatchReport): void {
  totals.batches++;
  totals.claimed += report.claimed;
  totals.messages += report.messages;
  totals.newConversations += report.newConversations;
  totals.dead += report.dead;
}

/** Processes until no pending row is left; returns what it did. */
export async function drainIngest(deps: IngestWorkerDeps, totals: IngestTotals = emptyTotals()): Promise<IngestTotals> {
  let isolate = 0;
  const lane = async (): Promise<void> => {
    for (;;) {
      const limit = isolate > 0 ? 1 : deps.batchSize;
      if (isolate > 0) isolate--;
      const outcome = await runIngestBatch(
        deps.database.db,
        { limit, workerId: deps.workerId, maxAttempts: deps.maxAttempts ?? 5 },
        (unit) => decideBatch(unit, { triager: deps.triager, reopenWindowMs: deps.reopenWindowMs }),
      );
      if (outcome.kind === 'empty') return;
      if (outcome.kind === 'failed') {
        totals.failedBatches++;
        isolate = Math.max(isolate, outcome.rawIds.length);
        deps.log.warn({ err: outcome.error, rows: outcome.rawIds.length }, 'ingest batch failed; retrying its rows one by one');
        continue;
      }
      add(totals, outcome.report);
    }
  };
  await Promise.all(Array.from({ length: deps.concurrency }, lane));
  return totals;
}

export interface RunningWorker {
  /** Ask for a drain now (after new raw rows were stored in this process). */
  wake(): void;
  stop(): Promise<void>;
  readonly totals: IngestTotals;
}

export function startIngestWorker(deps: IngestWorkerDeps): RunningWorker {
  const totals = emptyTotals();
  let stopping = false;
  let wakeUp: (() => void) | undefined;
  const loop = (async () => {
    while (!stopping) {
      try {
        await drainIngest(deps, totals);
      } catch (err) {
        deps.log.error({ err }, 'ingest worker could not reach the store; retrying');
      }
      if (stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deps.idlePollMs ?? 250);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  })();
  return {
    totals,
    wake: () => wakeUp?.(),
    async stop() {
      stopping = true;
      wakeUp?.();
      await loop;
    },
  };
}
