// The ingest worker: claims batches until none are left, isolates a poison row by retrying one row at a time
// after a failed batch, and sleeps until woken (in-process) or the idle poll interval passes (other processes).
import type { Logger } from 'pino';
import type { IngestBatchReport } from '../domain/ingest.js';
import type { Triager } from '../domain/triage-result.js';
import type { ChannelAccountId, RawInboundId } from '../domain/ids.js';
import { peekPendingRaw, runIngestBatch, type Database } from '../store/index.js';
import { decideBatch } from './decide-batch.js';
import { prepareRow, type PreparedRow } from './prepare-row.js';
import { startWakeableLoop } from './wakeable-loop.js';

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
  /**
   * How long a wake-up waits to gather more rows before claiming. Webhooks wake the worker once per delivery;
   * claiming each one alone costs a whole batch's fixed work per row (bench/webhooks on PGlite: 140 rows/s).
   */
  readonly gatherMs?: number;
  /** Called after a batch that stored messages: the workflow worker has conversations to route. */
  readonly onProcessed?: () => void;
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

/**
 * Prepares (normalises and triages) the rows that follow a claimed batch while that batch is being written, so
 * the CPU half of ingest overlaps the database half even when one channel account serialises the batches.
 * Only on PostgreSQL: PGlite runs in this thread, so there is nothing to overlap with.
 */
class ReadAhead {
  readonly #prepared = new Map<RawInboundId, PreparedRow>();
  #running = false;
  constructor(readonly deps: IngestWorkerDeps) {}

  get prepared(): ReadonlyMap<RawInboundId, PreparedRow> {
    return this.#prepared;
  }

  start(channelAccountId: ChannelAccountId, afterId: RawInboundId): void {
    if (this.#running || this.deps.database.engine !== 'postgres') return;
    this.#running = true;
    void peekPendingRaw(this.deps.database.db, { channelAccountId, afterId, limit: this.deps.batchSize })
      .then((rows) => {
        if (this.#prepared.size > 4 * this.deps.batchSize) this.#prepared.clear(); // rows other workers took
        for (const row of rows) if (!this.#prepared.has(row.id)) this.#prepared.set(row.id, prepareRow(row, this.deps.triager));
      })
      // A failed read-ahead costs only the head start: the batch prepares its rows itself.
      .catch((err: unknown) => this.deps.log.debug({ err }, 'ingest read-ahead failed'))
      .finally(() => (this.#running = false));
  }

  forget(ids: readonly RawInboundId[]): void {
    for (const id of ids) this.#prepared.delete(id);
  }
}

/** Processes until no pending row is left; returns what it did. */
export async function drainIngest(deps: IngestWorkerDeps, totals: IngestTotals = emptyTotals()): Promise<IngestTotals> {
  let isolate = 0;
  const readAhead = new ReadAhead(deps);
  const lane = async (): Promise<void> => {
    for (;;) {
      const limit = isolate > 0 ? 1 : deps.batchSize;
      if (isolate > 0) isolate--;
      let claimedIds: readonly RawInboundId[] = [];
      const outcome = await runIngestBatch(
        deps.database.db,
        { limit, workerId: deps.workerId, maxAttempts: deps.maxAttempts ?? 5 },
        (unit) => {
          claimedIds = unit.rows.map((r) => r.id);
          const last = unit.rows[unit.rows.length - 1];
          if (last) readAhead.start(last.channelAccountId, last.id);
          return decideBatch(unit, { triager: deps.triager, reopenWindowMs: deps.reopenWindowMs, prepared: readAhead.prepared });
        },
      );
      readAhead.forget(claimedIds);
      if (outcome.kind === 'empty') return;
      if (outcome.kind === 'failed') {
        totals.failedBatches++;
        isolate = Math.max(isolate, outcome.rawIds.length);
        deps.log.warn({ err: outcome.error, rows: outcome.rawIds.length }, 'ingest batch failed; retrying its rows one by one');
        continue;
      }
      add(totals, outcome.report);
      if (outcome.report.messages > 0) deps.onProcessed?.();
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
  const loop = startWakeableLoop({
    drain: async () => {
      await drainIngest(deps, totals);
    },
    idlePollMs: deps.idlePollMs ?? 250,
    gatherMs: deps.gatherMs ?? 50,
    log: deps.log,
    what: 'ingest worker',
  });
  return { totals, wake: loop.wake, stop: loop.stop };
}
