// Dense lexicon features for the sentiment model: summed and strongest positive and negative valence of the
// message's words in the VADER lexicon (shipped in models/lexicon.json), with negation flipping a word's sign.
// Prior knowledge about words the training tweets never used, which n-grams alone cannot have.

export const LEXICON_SOURCE = 'lexicon';
export const LEXICON_DIM = 4;
/** VADER's own damping of a negated word's valence. */
const NEGATION_SCALE = -0.74;

export function lexiconFeatures(tokens: readonly string[], lexicon: ReadonlyMap<string, number>): Float64Array {
  let pos = 0;
  let neg = 0;
  let maxPos = 0;
  let maxNeg = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.startsWith('neg:')) continue;
    let v = lexicon.get(token);
    if (v === undefined) continue;
    // normalizeText puts a `neg:` twin right after a word inside a negation scope.
    if (tokens[i + 1] === `neg:${token}`) v *= NEGATION_SCALE;
    if (v > 0) {
      pos += v;
      if (v > maxPos) maxPos = v;
    } else {
      neg -= v;
      if (-v > maxNeg) maxNeg = -v;
    }
  }
  return Float64Array.of(Math.tanh(pos / 3), Math.tanh(neg / 3), maxPos / 4, maxNeg / 4);
}
