// @mentions in internal notes: `@` followed by an agent's email or the part of it before the `@`.
export const MENTION_PATTERN = /(?<![\w.@])@([a-z0-9._%+-]+(?:@[a-z0-9.-]+\.[a-z]{2,})?)/gi;

/** Distinct mention handles in order of first appearance, lower-cased, without the leading `@`. */
export function extractMentions(text: string): readonly string[] {
  const out: string[] = [];
  for (const m of text.matchAll(MENTION_PATTERN)) {
    const handle = m[1]!.toLowerCase().replace(/\.+$/, '');
    if (!out.includes(handle)) out.push(handle);
  }
  return out;
}

/** Whether a handle names this agent: their full email, or its local part. */
export function mentionMatches(handle: string, email: string): boolean {
  const e = email.toLowerCase();
  return handle === e || handle === e.slice(0, e.indexOf('@'));
}
