// Crisis terms: a team-configurable list of phrases that mean "a lead should see this now" (a data breach, a
// recall), matched case-insensitively on word boundaries.

export const DEFAULT_CRISIS_TERMS: readonly string[] = [
  'data breach', 'hacked', 'recall', 'boycott', 'food poisoning', 'class action', 'leaked', 'exploded', 'went viral', 'news report',
];

export interface CrisisMatcher {
  find(text: string): readonly string[];
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createCrisisMatcher(terms: readonly string[]): CrisisMatcher {
  const cleaned = [...new Set(terms.map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0))];
  if (cleaned.length === 0) return { find: () => [] };
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${cleaned.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  return {
    find(text) {
      const scanned = text.length > 20_000 ? text.slice(0, 20_000) : text;
      const found = new Set<string>();
      for (const m of scanned.matchAll(pattern)) found.add((m[1] ?? '').toLowerCase());
      return [...found];
    },
  };
}
