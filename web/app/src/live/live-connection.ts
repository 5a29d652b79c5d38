// One live-events connection for the whole app: reads /api/events with fetch (so every event type arrives and
// the resume point is ours), and on a drop reconnects with the last event id it saw, backing off up to 15 s.
import type { LiveEvent } from '../api/types.js';
import { createSseParser } from './sse-parser.js';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'signed-out';

export interface LiveConnection {
  subscribe(listener: (event: LiveEvent) => void): () => void;
  onState(listener: (state: LiveState) => void): () => void;
  readonly state: LiveState;
  close(): void;
}

export function openLiveConnection(): LiveConnection {
  const listeners = new Set<(event: LiveEvent) => void>();
  const stateListeners = new Set<(state: LiveState) => void>();
  let state: LiveState = 'connecting';
  let lastEventId: string | undefined;
  let closed = false;
  let controller: AbortController | undefined;
  let failures = 0;

  const setState = (next: LiveState) => {
    if (state === next) return;
    state = next;
    for (const l of stateListeners) l(next);
  };

  const run = async (): Promise<void> => {
    while (!closed) {
      controller = new AbortController();
      try {
        const url = lastEventId === undefined ? '/api/events' : `/api/events?lastEventId=${encodeURIComponent(lastEventId)}`;
        const res = await fetch(url, { headers: { accept: 'text/event-stream' }, credentials: 'same-origin', signal: controller.signal });
        if (res.status === 401) {
          setState('signed-out');
          return;
        }
        if (!res.ok || !res.body) throw new Error(`live events answered ${res.status}`);
        setState('live');
        failures = 0;
        const parse = createSseParser();
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const frame of parse(value)) {
            if (frame.id !== undefined) lastEventId = frame.id;
            let event: LiveEvent;
            try {
              event = JSON.parse(frame.data) as LiveEvent;
            } catch {
              continue; // a frame that is not JSON is not ours to act on
            }
            for (const l of listeners) l(event);
          }
        }
      } catch {
        if (closed) return;
      }
      if (closed) return;
      setState('reconnecting');
      failures += 1;
      await new Promise((resolve) => setTimeout(resolve, Math.min(15_000, 500 * 2 ** Math.min(failures, 5))));
    }
  };
  void run();

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => void stateListeners.delete(listener);
    },
    get state() {
      return state;
    },
    close() {
      closed = true;
      controller?.abort();
    },
  };
}
