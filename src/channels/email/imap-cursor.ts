// The IMAP poller's cursor: per folder `(uidvalidity, last_uid)` (PROTOCOLS.md §9). A UID means something only
// together with its folder's UIDVALIDITY; when either changes, the folder is read again from the start and the
// store's Message-ID dedupe keeps every message once (PROTOCOLS.md §14.7).
import { z } from 'zod';

const cursorSchema = z.object({ v: z.literal(1), folder: z.string(), uidValidity: z.string(), lastUid: z.number().int().nonnegative() });
export type ImapCursor = z.infer<typeof cursorSchema>;

export function readImapCursor(cursor: string | null): ImapCursor | null {
  if (cursor === null) return null;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(cursor));
    return parsed.success ? parsed.data : null;
  } catch {
    // A cursor we cannot read (another format, a manual edit) means "start over": dedupe makes that safe.
    return null;
  }
}

export function writeImapCursor(cursor: ImapCursor): string {
  return JSON.stringify(cursor);
}

/** Where to continue in `folder` whose current UIDVALIDITY is `uidValidity`: 0 means from the first message. */
export function resumeUid(cursor: ImapCursor | null, folder: string, uidValidity: string): number {
  return cursor !== null && cursor.folder === folder && cursor.uidValidity === uidValidity ? cursor.lastUid : 0;
}
