// One conversation with its messages, kept current: live events about it re-read it, and while a reply is on
// its way (queued, sending, or sent in the last two minutes) it is re-read every 2 s, because delivery receipts
// do not raise a live event yet.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.js';
import type { ConversationDetail } from '../../api/types.js';
import { useLiveEvents } from '../../live/live-events.js';

export interface ConversationState {
  readonly detail: ConversationDetail | undefined;
  readonly error: unknown;
  reload(): void;
  /** Shows a server answer at once (an action returns the updated conversation). */
  replace(detail: ConversationDetail): void;
}

const FOLLOW_SENT_MS = 120_000;

function isInFlight(d: ConversationDetail | undefined, now: number): boolean {
  return (
    d?.messages.some((m) => {
      const status = m.delivery?.status;
      return status === 'queued' || status === 'sending' || (status === 'sent' && now - Date.parse(m.sentAt) < FOLLOW_SENT_MS);
    }) ?? false
  );
}

export function useConversation(id: string): ConversationState {
  const [detail, setDetail] = useState<ConversationDetail | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const generation = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const load = useCallback(() => {
    const mine = ++generation.current;
    api
      .get<ConversationDetail>(`/api/conversations/${encodeURIComponent(id)}`)
      .then((d) => {
        if (mine !== generation.current) return;
        setDetail(d);
        setError(null);
      })
      .catch((err: unknown) => {
        if (mine === generation.current) setError(err);
      });
  }, [id]);

  useEffect(() => {
    setDetail(undefined);
    setError(null);
    load();
    return () => clearTimeout(timer.current);
  }, [load]);

  useLiveEvents((event) => {
    if (event.type === 'presence' || !event.conversationIds.includes(id)) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(load, 100);
  });

  const inFlight = isInFlight(detail, Date.now());
  useEffect(() => {
    if (!inFlight) return;
    const t = setInterval(load, 2000);
    return () => clearInterval(t);
  }, [inFlight, load]);

  return { detail, error, reload: load, replace: setDetail };
}
