// The inbox list for one query: first page, more pages on demand, and live refresh. Events about conversations
// re-read the first page (debounced) and merge it over what is loaded, so new and changed conversations appear
// in place without a reload and without losing the agent's scroll depth.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, queryString } from '../../api/client.js';
import type { ConversationPage, ConversationQuery, ConversationSummary } from '../../api/types.js';
import { useLiveEvents } from '../../live/live-events.js';

const PAGE = 100;

export interface ConversationList {
  readonly items: readonly ConversationSummary[];
  readonly loading: boolean;
  readonly error: unknown;
  readonly hasMore: boolean;
  loadMore(): void;
  reload(): void;
}

function pathOf(query: ConversationQuery, cursor?: string): string {
  return `/api/conversations${queryString({ ...query, limit: PAGE, ...(cursor ? { cursor } : {}) } as Record<string, string | number | undefined>)}`;
}

/** Fresh first page first, then what was loaded beyond the first page (minus duplicates). */
export function mergeFirstPage(loaded: readonly ConversationSummary[], fresh: readonly ConversationSummary[]): ConversationSummary[] {
  const ids = new Set(fresh.map((c) => c.id));
  return [...fresh, ...loaded.slice(PAGE).filter((c) => !ids.has(c.id))];
}

export function useConversationList(query: ConversationQuery): ConversationList {
  const key = JSON.stringify(query);
  const [items, setItems] = useState<readonly ConversationSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const generation = useRef(0);
  const loadingMore = useRef(false);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const loadFirst = useCallback(
    (mode: 'replace' | 'merge') => {
      const mine = ++generation.current;
      if (mode === 'replace') setLoading(true);
      api
        .get<ConversationPage>(pathOf(JSON.parse(key) as ConversationQuery))
        .then((page) => {
          if (mine !== generation.current) return;
          setError(null);
          setItems((old) => (mode === 'replace' ? page.items : mergeFirstPage(old, page.items)));
          setCursor((old) => (mode === 'replace' || old === null ? page.nextCursor : old));
        })
        .catch((err: unknown) => {
          if (mine === generation.current) setError(err);
        })
        .finally(() => {
          if (mine === generation.current) setLoading(false);
        });
    },
    [key],
  );

  useEffect(() => {
    setItems([]);
    setCursor(null);
    loadFirst('replace');
  }, [loadFirst]);

  useEffect(() => () => clearTimeout(refreshTimer.current), []);

  useLiveEvents((event) => {
    if (event.type === 'presence' || event.conversationIds.length === 0) return;
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => loadFirst('merge'), 150);
  });

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore.current) return;
    loadingMore.current = true;
    const mine = generation.current;
    api
      .get<ConversationPage>(pathOf(JSON.parse(key) as ConversationQuery, cursor))
      .then((page) => {
        if (mine !== generation.current) return;
        setItems((old) => {
          const ids = new Set(old.map((c) => c.id));
          return [...old, ...page.items.filter((c) => !ids.has(c.id))];
        });
        setCursor(page.nextCursor);
      })
      .catch((err: unknown) => setError(err))
      .finally(() => {
        loadingMore.current = false;
      });
  }, [cursor, key]);

  return { items, loading, error, hasMore: cursor !== null, loadMore, reload: () => loadFirst('replace') };
}
