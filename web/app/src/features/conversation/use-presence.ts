// Collision detection: this agent's heartbeat (viewing, or typing while the compose box changes) and the other
// agents on the same conversation, from GET presence and live presence events.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.js';
import type { Presence } from '../../api/types.js';
import { useLiveEvents } from '../../live/live-events.js';

const HEARTBEAT_MS = 10_000;
const TYPING_HOLD_MS = 4_000;

export interface OtherAgent {
  readonly agentId: string;
  readonly agentName: string;
  readonly state: 'viewing' | 'typing';
}

export interface PresenceApi {
  readonly others: readonly OtherAgent[];
  /** Call on each keystroke in the compose box. */
  typing(): void;
}

export function usePresence(conversationId: string, myAgentId: string): PresenceApi {
  const [entries, setEntries] = useState<ReadonlyMap<string, Presence>>(new Map());
  const [, setTick] = useState(0);
  const typingUntil = useRef(0);
  const sentState = useRef<'viewing' | 'typing' | null>(null);

  const beat = useCallback(
    (state: 'viewing' | 'typing') => {
      sentState.current = state;
      api.put(`/api/conversations/${encodeURIComponent(conversationId)}/presence`, { state }).catch(() => undefined); // best effort: presence is a hint
    },
    [conversationId],
  );

  useEffect(() => {
    setEntries(new Map());
    beat('viewing');
    api
      .get<{ items: Presence[] }>(`/api/conversations/${encodeURIComponent(conversationId)}/presence`)
      .then((r) => setEntries(new Map(r.items.map((p) => [p.agentId, p]))))
      .catch(() => undefined); // best effort, as above
    const t = setInterval(() => {
      beat(Date.now() < typingUntil.current ? 'typing' : 'viewing');
      setTick((n) => n + 1); // drops expired entries from the view
    }, HEARTBEAT_MS);
    return () => {
      clearInterval(t);
      api.delete(`/api/conversations/${encodeURIComponent(conversationId)}/presence`).catch(() => undefined);
    };
  }, [beat, conversationId]);

  useLiveEvents((event) => {
    if (event.type !== 'presence' || !event.conversationIds.includes(conversationId)) return;
    const p = event.payload as Partial<Presence>;
    if (typeof p.agentId !== 'string') return;
    const agentId = p.agentId;
    setEntries((old) => {
      const next = new Map(old);
      next.set(agentId, { agentId, agentName: String(p.agentName ?? 'Someone'), state: p.state ?? 'left', expiresAt: p.expiresAt ?? new Date(Date.now() + 30_000).toISOString() });
      return next;
    });
  });

  const typing = useCallback(() => {
    const now = Date.now();
    typingUntil.current = now + TYPING_HOLD_MS;
    if (sentState.current !== 'typing') beat('typing');
    setTimeout(() => {
      if (Date.now() >= typingUntil.current && sentState.current === 'typing') beat('viewing');
    }, TYPING_HOLD_MS + 100);
  }, [beat]);

  const now = Date.now();
  const others = [...entries.values()]
    .filter((p) => p.agentId !== myAgentId && p.state !== 'left' && Date.parse(p.expiresAt) > now)
    .map((p) => ({ agentId: p.agentId, agentName: p.agentName, state: p.state as 'viewing' | 'typing' }));
  return { others, typing };
}
