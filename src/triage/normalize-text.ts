// Tweet-aware normalisation and tokenisation shared by training and serving, so a model never sees text
// prepared differently from the text it was trained on.

/** Models read at most this many UTF-16 units; the rest of a 100 KB mail adds cost, not signal. */
export const MAX_MODEL_CHARS = 1000;

/** Words after a negation that get a `neg:` twin feature ("not good" is not "good"). */
const NEGATION_SCOPE = 3;
const NEGATORS = new Set(['not', 'no', 'never', 'nothing', 'nobody', 'none', 'cannot', 'without', "isn't", "don't", "doesn't", "didn't", "can't", "won't", "wasn't", "aren't", "haven't", "hasn't", "couldn't", "wouldn't", "shouldn't", 'dont', 'cant', 'wont', 'isnt', 'didnt', 'doesnt']);

export interface NormalizedText {
  /** Lowercased text with URLs, mentions and digits folded; char n-grams are read from it. */
  readonly text: string;
  /** Word, hashtag, emoji and !/? tokens, plus `neg:` twins inside a negation scope. */
  readonly tokens: readonly string[];
}

const ESCAPE = /\\u([0-9a-fA-F]{4})/g;
const ENTITY = /&(amp|lt|gt|quot|#39);/g;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
const URL = /\b(?:https?:\/\/|www\.)\S+/g;
const MENTION = /@\w+/g;
const DIGIT = /[0-9]/g;
// Three or more of the same character → two, so "soooo" and "sooooooo" share features; the elongation itself is a token.
const ELONGATION = /(\p{L})\1{2,}/gu;
const SPACE = /\s+/g;
const TOKEN = /[\p{L}\p{M}\p{N}_'’]+|[#@][\p{L}\p{M}\p{N}_]+|\p{Extended_Pictographic}|[!?]+|[:;]-?[()dp]/gu;

/** A cheap scan before the Unicode regex, which costs more than all other passes together. */
function hasTripleLetter(text: string): boolean {
  for (let i = 2; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === text.charCodeAt(i - 1) && c === text.charCodeAt(i - 2) && c > 64) return true;
  }
  return false;
}

/**
 * Normalises one message for the models. Never throws: lone surrogates are replaced and the text is cut to
 * MAX_MODEL_CHARS first.
 */
export function normalizeText(raw: string): NormalizedText {
  let text = raw.length > MAX_MODEL_CHARS ? raw.slice(0, MAX_MODEL_CHARS) : raw;
  text = text.toWellFormed();
  // Some corpora (TweetEval) keep literal \uXXXX escapes and HTML entities; real messages may too.
  if (text.includes('\\u')) text = text.replace(ESCAPE, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))).toWellFormed();
  if (text.includes('&')) text = text.replace(ENTITY, (_m, name: string) => ENTITIES[name] ?? '');
  // Each pass is skipped when its trigger character is absent: triage runs this on every message.
  text = text.toLowerCase();
  if (text.includes('http') || text.includes('www.')) text = text.replace(URL, ' http ');
  if (text.includes('@')) text = text.replace(MENTION, '@user');
  text = text.replace(DIGIT, '0');
  const elongated = hasTripleLetter(text);
  if (elongated) text = text.replace(ELONGATION, '$1$1');
  text = text.replace(SPACE, ' ').trim();

  const tokens: string[] = [];
  let negation = 0;
  for (const found of text.match(TOKEN) ?? []) {
    const token = found.includes('’') ? found.replace('’', "'") : found;
    const first = token.charCodeAt(0);
    if (first === 35 /* # */ && token.length > 1) {
      // A hashtag counts as itself and as the word it tags.
      tokens.push(token, token.slice(1));
      continue;
    }
    if (first === 33 /* ! */ || first === 63 /* ? */) {
      tokens.push(token.length > 1 ? token.slice(0, 2) : token);
      negation = 0;
      continue;
    }
    tokens.push(token);
    if (negation > 0) {
      tokens.push(`neg:${token}`);
      negation--;
    }
    if (NEGATORS.has(token) || token.endsWith("n't")) negation = NEGATION_SCOPE;
  }
  if (elongated) tokens.push('<elongated>');
  return { text, tokens };
}
