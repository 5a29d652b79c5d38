// The workflow worker: after ingest (woken by it) and on a short poll for due SLA checks, claims pending
// conversations and applies routing, fair-queue priority, path, SLA clocks, vent flags and auto-assignment;
// it also reopens snoozed conversations when their time comes.
import type { Logger } from 'pino';
import type { EpochMs } from '../domain/ids.js';
import { decideWorkflow } from '../routing/decide-workflow.js';
import { markDueSlaChecks, runWorkflowBatch, wakeSnoozed, type Database } from '../store/index.js';
import { startWakeableLoop } from './wakeable-loop.js';

export interface WorkflowWorkerDeps {
  readonly database: Database;
  readonly log: Logger;
  readonly batchSize?: number;
  readonly now?: () => EpochMs;
  /** Newest customer message older than this: filed by the rules, not worked (archive imports). Default 7 days. */
  readonly historicalAfterMs?: number;
  /** An earlier ignored contact this long before a public post makes the post a vent. Default 14 days. */
  readonly ventWindowMs?: number;
  /** How often due SLA warnings and breaches are looked for. */
  readonly idlePollMs?: number;
}

export interface WorkflowTotals {
  processed: number;
  assigned: number;
  slaEvents: number;
  vents: number;
}

const DAY = 86_400_000;

/** Runs until no conversation is pending (SLA checks due now included). */
export async function drainWorkflow(deps: WorkflowWorkerDeps, totals: WorkflowTotals = { processed: 0, assigned: 0, slaEvents: 0, vents: 0 }): Promise<WorkflowTotals> {
  const now = deps.now ?? (Date.now as () => EpochMs);
  await wakeSnoozed(deps.database.db, now());
  await markDueSlaChecks(deps.database.db, now());
  for (;;) {
    const at = now();
    const run = await runWorkflowBatch(deps.database.db, {
      limit: deps.batchSize ?? 200,
      now: at,
      historicalAfterMs: deps.historicalAfterMs ?? 7 * DAY,
      ventWindowMs: deps.ventWindowMs ?? 14 * DAY,
      decide: (facts, setting) => decideWorkflow(facts, setting, at),
    });
    totals.processed += run.processed;
    totals.assigned += run.assigned;
    totals.slaEvents += run.slaEvents;
    totals.vents += run.vents;
    if (run.processed === 0) return totals;
  }
}

export interface RunningWorkflowWorker {
  wake(): void;
  stop(): Promise<void>;
  readonly totals: WorkflowTotals;
}

export function startWorkflowWorker(deps: WorkflowWorkerDeps): RunningWorkflowWorker {
  const totals: WorkflowTotals = { processed: 0, assigned: 0, slaEvents: 0, vents: 0 };
  const loop = startWakeableLoop({
    drain: async () => {
      await drainWorkflow(deps, totals);
    },
    idlePollMs: deps.idlePollMs ?? 5_000,
    gatherMs: 50,
    log: deps.log,
    what: 'workflow worker',
  });
  return { totals, wake: loop.wake, stop: loop.stop };
}
