// A failure the agent can read and act on: the server's message (never a stack trace) and a retry.
import { describeError } from '../api/api-error.js';

export function ErrorState({ error, onRetry, title = 'This could not be loaded' }: { readonly error: unknown; readonly onRetry?: () => void; readonly title?: string }) {
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{title}</p>
      <p>{describeError(error)}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
