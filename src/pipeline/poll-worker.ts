// Pollers: per channel account, one page at a time from the stored cursor. Items are committed to raw_inbound
// (deduped on the provider's key) before the cursor moves, so a crash between the two re-reads a page and stores
// nothing twice, and a restart resumes where the last committed page ended. Rate-limit state, Retry-After and
// errors decide the wait before the next page.
import type { Logger } from 'pino';
import { backoffDelay, channelDefinition, DEFAULT_BACKOFF, waitForRateLimit, type BackoffPolicy } from '../channels/index.js';
import { ChannelError } from '../domain/errors.js';
import type { ChannelAccountId, EpochMs } from '../domain/ids.js';
import { listChannelAccounts, loadPollCursor, savePollCursor, storeRawInbound, type Database } from '../store/index.js';
import type { ConnectorSource } from './connector-source.js';

export interface PollWorkerDeps {
  readonly database: Database;
  readonly connectors: ConnectorSource;
  readonly log: Logger;
  readonly now?: () => EpochMs;
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
  /** Wait between polls of a caught-up account when its channel names none. */
  readonly defaultIntervalMs?: number;
  readonly onInbound?: () => void;
}

export type PollStep =
  | { readonly kind: 'page'; readonly stored: number; readonly duplicates: number; readonly caughtUp: boolean; readonly waitMs: number }
  | { readonly kind: 'not-pollable' }
  | { readonly kind: 'failed'; readonly error: unknown; readonly waitMs: number };

/** Polls one page for an account and commits it; `failures` is how many steps in a row failed before this one. */
export async function pollOnce(deps: PollWorkerDeps, channelAccountId: ChannelAccountId, signal: AbortSignal, failures = 0): Promise<PollStep> {
  const found = await deps.connectors.get(channelAccountId);
  if (!found?.connector.poll) return { kind: 'not-pollable' };
  const now = deps.now ?? Date.now;
  const interval = channelDefinition(found.account.kind)?.pollIntervalMs ?? deps.defaultIntervalMs ?? 60_000;
  try {
    const cursor = await loadPollCursor(deps.database.db, channelAccountId);
    const page = await found.connector.poll(cursor, signal);
    const report = await storeRawInbound(
      deps.database.db,
      page.items.map((i) => ({ organisationId: found.account.organisationId, channelAccountId, source: found.account.kind, dedupeKey: i.dedupeKey, payload: i.payload })),
    );
    if (page.nextCursor !== cursor) await savePollCursor(deps.database.db, channelAccountId, page.nextCursor);
    if (report.stored > 0) deps.onInbound?.();
    const rateWait = waitForRateLimit(page.rateLimit ?? null, now());
    return { kind: 'page', stored: report.stored, duplicates: report.duplicates, caughtUp: page.caughtUp, waitMs: Math.max(rateWait, page.caughtUp ? interval : 0) };
  } catch (error) {
    const retryAfterMs = error instanceof ChannelError ? error.retryAfterMs : undefined;
    return { kind: 'failed', error, waitMs: backoffDelay(failures + 1, deps.backoff ?? DEFAULT_BACKOFF, deps.random ?? Math.random, retryAfterMs) };
  }
}

export interface RunningPollers {
  stop(): Promise<void>;
}

/** One loop per pollable account found at start; each waits as its last step said. */
export async function startPollers(deps: PollWorkerDeps): Promise<RunningPollers> {
  const controller = new AbortController();
  const accounts = await listChannelAccounts(deps.database.db);
  const loops = accounts.map(async (account) => {
    const id = account.id;
    const log = deps.log.child({ module: 'pipeline/poll', channelAccountId: id });
    let failures = 0;
    while (!controller.signal.aborted) {
      const step = await pollOnce(deps, id, controller.signal, failures);
      if (step.kind === 'not-pollable') return;
      if (step.kind === 'failed') {
        failures++;
        if (!controller.signal.aborted) log.warn({ err: step.error, waitMs: step.waitMs, failures }, 'poll failed; backing off');
      } else failures = 0;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, step.waitMs);
        controller.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  });
  return {
    async stop() {
      controller.abort();
      await Promise.all(loops);
    },
  };
}
