// The one hook for live events (STYLE.md §12): components subscribe to the app's single connection.
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { LiveEvent } from '../api/types.js';
import { openLiveConnection, type LiveConnection, type LiveState } from './live-connection.js';

const LiveContext = createContext<LiveConnection | null>(null);

export function LiveEventsProvider({ children }: { readonly children: ReactNode }) {
  const [connection, setConnection] = useState<LiveConnection | null>(null);
  useEffect(() => {
    const c = openLiveConnection();
    setConnection(c);
    return () => c.close();
  }, []);
  return <LiveContext.Provider value={connection}>{children}</LiveContext.Provider>;
}

/** Calls `handler` for every live event; the latest handler is used without resubscribing. */
export function useLiveEvents(handler: (event: LiveEvent) => void): void {
  const connection = useContext(LiveContext);
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => connection?.subscribe((e) => ref.current(e)), [connection]);
}

export function useLiveState(): LiveState {
  const connection = useContext(LiveContext);
  const [state, setState] = useState<LiveState>(connection?.state ?? 'connecting');
  useEffect(() => {
    if (!connection) return;
    setState(connection.state);
    return connection.onState(setState);
  }, [connection]);
  return state;
}
