// Hashed word and character n-gram features, extracted once per message and shared by every model: each model
// keeps the groups it was trained on and folds the 32-bit hashes into its own number of buckets.
import type { NormalizedText } from './normalize-text.js';

/** Feature groups, in storage order: word unigrams, word bigrams, then character 1- to 5-grams. */
export const FEATURE_GROUPS = ['w1', 'w2', 'c1', 'c2', 'c3', 'c4', 'c5'] as const;
export type FeatureGroup = (typeof FEATURE_GROUPS)[number];
const GROUP_COUNT = FEATURE_GROUPS.length;
const MAX_CHAR_N = 5;

/**
 * Hashes of one message, grouped: group g occupies `hashes[start[g] .. start[g + 1])`. A feature's value is
 * 1/sqrt(n_g) per occurrence, so each group has about unit length however long the message is.
 */
export interface FeatureSet {
  readonly hashes: Int32Array;
  /** GROUP_COUNT + 1 offsets into `hashes`. */
  readonly start: Int32Array;
}

/** Which groups to extract: the union of what the loaded models read. */
export interface FeatureSpec {
  readonly groups: readonly FeatureGroup[];
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const WORD_SEED = 0x9e3779b1;
const BIGRAM_SEED = 0x85ebca6b;
const CHAR_SEED = 0xc2b2ae35;

/** murmur3's finaliser: FNV's low bits are weak and models keep only the low bits. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function hashString(s: string, seed: number): number {
  let h = FNV_OFFSET ^ seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

export function groupIndex(group: FeatureGroup): number {
  return FEATURE_GROUPS.indexOf(group);
}

let scratch = new Int32Array(4096);

/**
 * Extracts the hashed features of a normalised message. The result is a view of a reused buffer that the next
 * call overwrites: score with it at once, or copy it (training does).
 */
export function extractFeatures(norm: NormalizedText, spec: FeatureSpec): FeatureSet {
  const wanted = new Uint8Array(GROUP_COUNT);
  for (const g of spec.groups) wanted[groupIndex(g)] = 1;
  const padded = ` ${norm.text} `;
  const tokens = norm.tokens;
  const capacity = tokens.length * 2 + padded.length * MAX_CHAR_N + 8;
  if (scratch.length < capacity) scratch = new Int32Array(capacity * 2);
  const out = scratch;
  const start = new Int32Array(GROUP_COUNT + 1);
  let n = 0;

  start[0] = n;
  const wordHashes: number[] = [];
  if (wanted[0] === 1 || wanted[1] === 1) for (const t of tokens) wordHashes.push(hashString(t, WORD_SEED));
  if (wanted[0] === 1) for (const h of wordHashes) out[n++] = mix(h);
  start[1] = n;
  if (wanted[1] === 1) {
    // Bigrams of plain tokens only; `neg:` twins would double them without adding information.
    let prev: number | undefined;
    for (let i = 0; i < tokens.length; i++) {
      if ((tokens[i] ?? '').startsWith('neg:')) continue;
      const h = wordHashes[i] ?? 0;
      if (prev !== undefined) out[n++] = mix(Math.imul(prev ^ BIGRAM_SEED, FNV_PRIME) ^ h);
      prev = h;
    }
  }
  // Character n-grams: every wanted length's count is known in advance (one per start position), so one running
  // hash per start position fills all of them in a single pass.
  let maxLen = 0;
  const base = new Int32Array(MAX_CHAR_N + 1);
  for (let len = 1; len <= MAX_CHAR_N; len++) {
    const g = len + 1;
    start[g] = n;
    base[len] = n;
    if (wanted[g] !== 1) continue;
    n += Math.max(0, padded.length - len + 1);
    maxLen = len;
  }
  for (let i = 0; i < padded.length; i++) {
    let h = FNV_OFFSET ^ CHAR_SEED;
    const last = Math.min(maxLen, padded.length - i);
    for (let len = 1; len <= last; len++) {
      h = Math.imul(h ^ padded.charCodeAt(i + len - 1), FNV_PRIME);
      if (wanted[len + 1] === 1) out[base[len]! + i] = mix(h ^ len);
    }
  }
  start[GROUP_COUNT] = n;
  return { hashes: out.subarray(0, n), start };
}

/** A copy that survives the next extraction. */
export function copyFeatures(features: FeatureSet): FeatureSet {
  return { hashes: features.hashes.slice(), start: features.start.slice() };
}
