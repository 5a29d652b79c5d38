// Language: the trained character n-gram model for the eight languages it knows, the writing system for scripts
// that name their language, and "unknown" when the text is too short or the model unsure — never a guess.
import type { Signal } from '../domain/triage-result.js';
import type { Prediction } from './linear-model.js';
import { makeSignal, percent } from './signal.js';

/** Fewer letters than this (after removing links, mentions, hashtags and emoji) is too little to tell. */
export const MIN_LANGUAGE_LETTERS = 12;
/** Below this probability the model's best guess is not reported. */
export const MIN_LANGUAGE_CONFIDENCE = 0.6;

// Scripts used by (nearly) one language; Cyrillic, Latin and Arabic are shared by many, so they decide nothing.
const SCRIPTS: readonly (readonly [RegExp, string, string])[] = [
  [/\p{Script=Hangul}/gu, 'ko', 'Hangul'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/gu, 'ja', 'kana'],
  [/\p{Script=Han}/gu, 'zh', 'Han characters'],
  [/\p{Script=Thai}/gu, 'th', 'Thai'],
  [/\p{Script=Greek}/gu, 'el', 'Greek'],
  [/\p{Script=Hebrew}/gu, 'he', 'Hebrew'],
  [/\p{Script=Devanagari}/gu, 'hi', 'Devanagari'],
  [/\p{Script=Cyrillic}/gu, 'unknown', 'Cyrillic'],
];

/**
 * The Hindi of the training set is romanised and mixed with English, so plain English about products and
 * support can look like it to the model. Romanised Hindi nearly always has one of these function words.
 */
const HINDI_WORDS = /\b(hai|hain|ka|ki|ke|ko|se|nahi|nahin|nhi|mein|mai|main|bhi|kya|kyu|kyun|aur|yeh|ye|woh|wo|tha|thi|hum|tum|aap|koi|kuch|abhi|bahut|bohot|yaar|hota|raha|rahi|gaya|gayi|kar|karo|kiya|sab|par|toh|to|na|ho)\b/i;

const LINKS_AND_HANDLES = /https?:\/\/\S+|www\.\S+|[@#][\p{L}\p{N}_]+/gu;
const LETTER = /\p{L}/u;

/** Letters outside links, mentions and hashtags; ASCII is counted without a regex, since most text is ASCII. */
function letters(text: string): { count: number; nonAscii: string } {
  const scanned = /[@#]|http|www\./.test(text) ? text.replace(LINKS_AND_HANDLES, ' ') : text;
  let count = 0;
  let nonAscii = '';
  for (const ch of scanned) {
    const c = ch.charCodeAt(0);
    if (c < 128) {
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) count++;
    } else if (LETTER.test(ch)) {
      count++;
      nonAscii += ch;
    }
  }
  return { count, nonAscii };
}

export function rateLanguage(text: string, model: Prediction | undefined, labels: readonly string[]): Signal<string> {
  const { count, nonAscii } = letters(text.slice(0, 2000));
  if (count < MIN_LANGUAGE_LETTERS) {
    return makeSignal('unknown', 0, [`too little text to tell the language (${count} letters)`]);
  }
  if (nonAscii.length * 2 > count) {
    for (const [pattern, language, script] of SCRIPTS) {
      const share = (nonAscii.match(pattern)?.length ?? 0) / count;
      if (share > 0.5) {
        return language === 'unknown'
          ? makeSignal('unknown', 0, [`${script} script, which the language model does not cover`])
          : makeSignal(language, share, [`written in ${script} script`]);
      }
    }
  }
  if (model === undefined) return makeSignal('unknown', 0, ['no language model loaded']);
  let index = model.index;
  let p = model.probabilities[index] ?? 0;
  const reasons: string[] = [];
  const hi = labels.indexOf('hi');
  const pHi = hi >= 0 ? (model.probabilities[hi] ?? 0) : 0;
  if (pHi >= 0.05 && !HINDI_WORDS.test(text)) {
    // Without a Hindi word, read the model as "which of the other languages": renormalise without hi.
    index = -1;
    for (let i = 0; i < labels.length; i++) if (i !== hi && (index < 0 || model.probabilities[i]! > model.probabilities[index]!)) index = i;
    p = index >= 0 && pHi < 1 ? (model.probabilities[index] ?? 0) / (1 - pHi) : 0;
    reasons.push(`romanised Hindi ruled out: no common Hindi word (the model gave hi ${percent(pHi)})`);
  }
  const label = labels[index] ?? 'unknown';
  if (p < MIN_LANGUAGE_CONFIDENCE) {
    return makeSignal('unknown', p, [...reasons, `no clear language: best guess ${label} at ${percent(p)} (model knows ${labels.join(', ')})`]);
  }
  return makeSignal(label, p, [...reasons, `character n-gram model: ${label} ${percent(p)}`]);
}
