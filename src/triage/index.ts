// Triage's public surface. Until trained weights are installed in models/ (issue 5), the lexicon triager runs.
import type { Triager } from '../domain/triage-result.js';
import { createLexiconTriager, type LexiconTriagerOptions } from './lexicon-triager.js';

export { createLexiconTriager, findPii, LEXICON_TRIAGER_VERSION } from './lexicon-triager.js';

export function loadTriager(options: LexiconTriagerOptions = {}): Triager {
  return createLexiconTriager(options);
}
