// A form's submit: runs the API call, keeps its error for display, and reloads what it changed.
import { useState } from 'react';

export interface Mutation {
  readonly busy: boolean;
  readonly error: unknown;
  run(action: () => Promise<unknown>): Promise<boolean>;
}

export function useMutation(after: () => void): Mutation {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return {
    busy,
    error,
    async run(action) {
      setBusy(true);
      setError(null);
      try {
        await action();
        after();
        return true;
      } catch (err) {
        setError(err);
        return false;
      } finally {
        setBusy(false);
      }
    },
  };
}
