// One pass of spike and crisis detection: read the hourly counts of the alert window and recent influential
// negative posts, decide with alert-rules, attach example messages and an inbox link, and raise what is new.
import type { Logger } from 'pino';
import { raiseAlerts, readExampleMessages, readInfluentialNegativePosts, readSubjectHourCounts, type Alert, type Database, type NewAlert } from '../store/index.js';
import { alertWindow, findAlerts, HOUR_MS, type AlertCandidate } from './alert-rules.js';
import { enqueueDailyDigest } from './digest.js';
import { DEFAULT_SPIKE_OPTIONS, type SpikeDetectorOptions } from './spike-detector.js';

export interface AlertRunOptions {
  readonly organisationId: string;
  readonly now: number;
  /** Influence (0..1) from which one negative public post alerts on its own. */
  readonly minInfluence: number;
  /** Weeks of history behind the current week (the seasonal baseline). */
  readonly weeks?: number;
  readonly recentHours?: number;
  readonly spike?: SpikeDetectorOptions;
}

const EXAMPLES = 3;

/** The web app's inbox searching for the subject; an influencer alert opens the post's conversation. */
function inboxPath(c: AlertCandidate): string {
  return c.post ? `/inbox/open/${c.post.conversationId}` : `/inbox/open?q=${encodeURIComponent(c.subject)}`;
}

export async function runAlertDetection(database: Database, options: AlertRunOptions): Promise<readonly Alert[]> {
  const recentHours = options.recentHours ?? 3;
  const window = alertWindow(options.now, options.weeks ?? 8);
  const [counts, posts] = await Promise.all([
    readSubjectHourCounts(database.db, { since: new Date(window.seriesStart), until: new Date(window.seriesStart + window.hours * HOUR_MS) }),
    readInfluentialNegativePosts(database.db, { since: new Date(options.now - recentHours * HOUR_MS), minInfluence: options.minInfluence }),
  ]);
  const candidates = findAlerts(counts, posts, { ...window, recentHours, minInfluence: options.minInfluence, spike: options.spike ?? DEFAULT_SPIKE_OPTIONS });
  const alerts: NewAlert[] = [];
  for (const c of candidates) {
    const examples =
      c.kind === 'influencer' && c.post
        ? [{ messageId: c.post.messageId, conversationId: c.post.conversationId }]
        : await readExampleMessages(database.db, {
            subjectKind: c.subjectKind as Exclude<typeof c.subjectKind, 'author'>,
            subject: c.subject,
            since: new Date(c.startedAt),
            until: new Date(c.endedAt),
            negativeOnly: c.kind === 'negative-share',
            limit: EXAMPLES,
          });
    alerts.push({ ...c, examples, inboxPath: inboxPath(c) });
  }
  return raiseAlerts(database.db, options.organisationId, alerts);
}

export interface AlertWorker {
  /** One pass now (tests and the first run at start-up). */
  runOnce(now?: number): Promise<readonly Alert[]>;
  stop(): Promise<void>;
}

export interface AlertWorkerDeps {
  readonly database: Database;
  readonly log: Logger;
  readonly organisationId: string;
  readonly intervalMs: number;
  readonly minInfluence: number;
  readonly clock?: () => number;
}

/**
 * Runs detection every `intervalMs` (0: never on its own), and owes yesterday's digest to its subscribers; a failed
 * pass is logged and the next one retries.
 */
export function startAlertWorker(deps: AlertWorkerDeps): AlertWorker {
  const clock = deps.clock ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const runOnce = (now = clock()) => {
    const run = runAlertDetection(deps.database, { organisationId: deps.organisationId, now, minInfluence: deps.minInfluence }).then(async (raised) => {
      if (raised.length > 0) deps.log.info({ alerts: raised.map((a) => ({ id: a.id, kind: a.kind, subject: a.subject })) }, 'alerts raised');
      const digests = await enqueueDailyDigest(deps.database, { organisationId: deps.organisationId, now });
      if (digests > 0) deps.log.info({ deliveries: digests }, 'daily digest queued');
      return raised;
    });
    running = run.catch(() => undefined);
    return run;
  };
  const schedule = () => {
    if (stopped || deps.intervalMs <= 0) return;
    timer = setTimeout(() => {
      runOnce()
        .catch((err: unknown) => deps.log.warn({ err }, 'alert detection failed; retrying at the next interval'))
        .finally(schedule);
    }, deps.intervalMs);
    timer.unref();
  };
  schedule();
  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
