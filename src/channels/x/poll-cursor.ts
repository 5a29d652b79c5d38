// The X poll cursor: per stream (mentions, search) the `since_id` of the last finished pass and the state of the
// pass in progress. PROTOCOLS.md §1: keep `since_id` fixed while following `next_token`; after the last page,
// store the first page's `meta.newest_id`. Read back through zod: a stored cursor may predate a change.
import { z } from 'zod';

const pass = z.object({ since: z.string().nullable(), next: z.string().nullable(), newest: z.string().nullable() });
export type PassState = z.infer<typeof pass>;

const cursorSchema = z.object({ turn: z.number().int().nonnegative(), streams: z.record(z.string(), pass) });
export type XCursor = z.infer<typeof cursorSchema>;

const FRESH: PassState = { since: null, next: null, newest: null };

export function readCursor(raw: string | null): XCursor {
  if (raw === null) return { turn: 0, streams: {} };
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
  } catch {
    // An unreadable cursor is replaced by a fresh one below; dedupe makes the re-read harmless.
  }
  return { turn: 0, streams: {} };
}

export const passOf = (c: XCursor, stream: string): PassState => c.streams[stream] ?? FRESH;

/** The pass after one page: `done` when the provider has no further page for this pass. */
export function advancePass(state: PassState, meta: { newest_id?: string | undefined; next_token?: string | undefined }): { state: PassState; done: boolean } {
  const newest = state.next === null ? (meta.newest_id ?? null) : state.newest;
  if (meta.next_token) return { state: { since: state.since, next: meta.next_token, newest }, done: false };
  return { state: { since: newest ?? state.since, next: null, newest: null }, done: true };
}
