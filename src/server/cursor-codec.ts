// Page cursors on the wire: base64url JSON, parsed with zod on the way back in, so a tampered cursor is a 400
// and never reaches SQL unchecked. Cursors carry sort keys only; scope is applied again on every page.
import { z } from 'zod';
import { InputError } from '../domain/errors.js';
import type { ConversationCursor } from '../store/index.js';
import { CONVERSATION_SORT_VALUES } from './contract/conversations.js';

const wire = z.strictObject({
  s: z.enum(CONVERSATION_SORT_VALUES),
  k: z.string().max(64).regex(/^[0-9A-Za-z:.+\-TZ ]+$/),
  i: z.uuid(),
  t: z.string().max(40).regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
});

export function encodeCursor(c: ConversationCursor): string {
  return Buffer.from(JSON.stringify({ s: c.sort, k: c.key, i: c.id, t: c.asOf })).toString('base64url');
}

export function decodeCursor(text: string): ConversationCursor {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new InputError('INPUT_INVALID', 'cursor in query: not a cursor this API returned', { cause, details: [{ path: 'querystring.cursor', message: 'malformed' }] });
  }
  const parsed = wire.safeParse(raw);
  if (!parsed.success) {
    throw new InputError('INPUT_INVALID', 'cursor in query: not a cursor this API returned', { details: [{ path: 'querystring.cursor', message: 'malformed' }] });
  }
  return { sort: parsed.data.s, key: parsed.data.k, id: parsed.data.i, asOf: parsed.data.t };
}
