// An API error as the app shows it: the server's stable code and human message, never a stack trace.
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The sentence to put in front of the agent for any failure, API or network. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof TypeError) return 'The desk cannot be reached. Check your connection; the app retries on its own.';
  return 'Something went wrong. Try again in a moment.';
}
