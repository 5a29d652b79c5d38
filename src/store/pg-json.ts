// JSON for PostgreSQL parameters. jsonb (and text) reject two things JavaScript strings may hold: lone UTF-16
// surrogates (JSON.stringify writes them as \ud800-style escapes; a proper pair is written as the character itself)
// and NUL. Both become U+FFFD, so one hostile character cannot fail a whole batch.
const UNSTORABLE_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(?:d[89a-f][0-9a-f]{2}|0000)/gi;

export function toPgJson(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes('\\u') ? json.replace(UNSTORABLE_ESCAPE, '$1\\ufffd') : json;
}
