// The error under a form, announced to screen readers as it appears.
import { describeError } from '../api/api-error.js';

export function FormError({ error, id }: { readonly error: unknown; readonly id?: string }) {
  if (error === null || error === undefined) return null;
  return (
    <p className="form-error" role="alert" id={id}>
      {describeError(error)}
    </p>
  );
}
