// The shape every background worker shares: drain until nothing is left, then sleep until woken (in-process) or
// the idle poll passes (work stored by other processes). A wake during a drain is remembered, so nothing waits a
// whole poll interval; an optional gather delay lets a trickle of wake-ups become one batch.
import type { Logger } from 'pino';

export interface WakeableLoopOptions {
  /** Drains the work; called again at once when woken while it ran. */
  readonly drain: () => Promise<void>;
  readonly idlePollMs: number;
  /** Wait this long after a wake-up before draining, to gather more work (0: drain at once). */
  readonly gatherMs?: number;
  readonly log: Logger;
  /** Names the worker in the error log line. */
  readonly what: string;
}

export interface WakeableLoop {
  wake(): void;
  stop(): Promise<void>;
}

export function startWakeableLoop(options: WakeableLoopOptions): WakeableLoop {
  let stopping = false;
  let woken = false;
  let wakeUp: (() => void) | undefined;
  let gathering: NodeJS.Timeout | undefined;
  const loop = (async () => {
    while (!stopping) {
      woken = false;
      try {
        await options.drain();
      } catch (err) {
        options.log.error({ err, worker: options.what }, 'worker could not reach the store; retrying');
      }
      if (stopping) break;
      if (woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.idlePollMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  })();
  const fire = () => {
    woken = true;
    wakeUp?.();
  };
  return {
    wake() {
      if (!options.gatherMs) return fire();
      if (gathering !== undefined) return;
      gathering = setTimeout(() => {
        gathering = undefined;
        fire();
      }, options.gatherMs);
    },
    async stop() {
      stopping = true;
      clearTimeout(gathering);
      wakeUp?.();
      await loop;
    },
  };
}
