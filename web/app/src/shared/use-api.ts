// Loads one GET resource for a component: data, error, loading and a reload, with stale answers ignored.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client.js';

export interface Resource<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  reload(): void;
}

/** `path` null means "nothing to load yet". */
export function useApi<T>(path: string | null): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(path !== null);
  const generation = useRef(0);
  const load = useCallback(() => {
    const mine = ++generation.current;
    if (path === null) return;
    setLoading(true);
    api
      .get<T>(path)
      .then((d) => {
        if (mine !== generation.current) return;
        setData(d);
        setError(null);
      })
      .catch((err: unknown) => {
        if (mine === generation.current) setError(err);
      })
      .finally(() => {
        if (mine === generation.current) setLoading(false);
      });
  }, [path]);
  useEffect(() => {
    setData(undefined);
    load();
  }, [load]);
  return { data, error, loading, reload: load };
}
