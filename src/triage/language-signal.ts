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

const NOT_LETTERS = /https?:\/\/\S+|www\.\S+|[@#][\p{L}\p{N}_]+|[^\p{L}]/gu;

export function rateLanguage(text: string, model: Prediction | undefined, labels: readonly string[]): Signal<string> {
  const letters = text.slice(0, 2000).replace(NOT_LETTERS, '');
  if (letters.length < MIN_LANGUAGE_LETTERS) {
    return makeSignal('unknown', 0, [`too little text to tell the language (${letters.length} letters)`]);
  }
  for (const [pattern, language, script] of SCRIPTS) {
    const count = letters.match(pattern)?.length ?? 0;
    if (count / letters.length > 0.5) {
      return language === 'unknown'
        ? makeSignal('unknown', 0, [`${script} script, which the language model does not cover`])
        : makeSignal(language, count / letters.length, [`written in ${script} script`]);
    }
  }
  if (model === undefined) return makeSignal('unknown', 0, ['no language model loaded']);
  const p = model.probabilities[model.index] ?? 0;
  const label = labels[model.index] ?? 'unknown';
  if (p < MIN_LANGUAGE_CONFIDENCE) {
    return makeSignal('unknown', p, [`no clear language: best guess ${label} at ${percent(p)} (model knows ${labels.join(', ')})`]);
  }
  return makeSignal(label, p, [`character n-gram model: ${label} ${percent(p)}`]);
}
