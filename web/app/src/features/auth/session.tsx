// Who is signed in: loaded from /api/me once, set by login and setup, cleared by logout.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../../api/api-error.js';
import { api, setCsrfToken } from '../../api/client.js';
import type { Me } from '../../api/types.js';

export type SessionState = { readonly kind: 'loading' } | { readonly kind: 'signed-out' } | { readonly kind: 'error'; readonly error: unknown } | { readonly kind: 'signed-in'; readonly me: Me };

interface SessionApi {
  readonly session: SessionState;
  signedIn(me: Me): void;
  signOut(): Promise<void>;
  reload(): void;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    api
      .get<Me>('/api/me')
      .then((me) => {
        setCsrfToken(me.csrfToken);
        if (live) setSession({ kind: 'signed-in', me });
      })
      .catch((error: unknown) => {
        if (!live) return;
        setSession(error instanceof ApiError && error.status === 401 ? { kind: 'signed-out' } : { kind: 'error', error });
      });
    return () => {
      live = false;
    };
  }, [attempt]);
  const signedIn = useCallback((me: Me) => {
    setCsrfToken(me.csrfToken);
    setSession({ kind: 'signed-in', me });
  }, []);
  const signOut = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      setCsrfToken(null);
      setSession({ kind: 'signed-out' });
    }
  }, []);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return <SessionContext.Provider value={{ session, signedIn, signOut, reload }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in agent; only for pages rendered behind the sign-in gate. */
export function useMe(): Me {
  const { session } = useSession();
  if (session.kind !== 'signed-in') throw new Error('useMe before sign-in');
  return session.me;
}
