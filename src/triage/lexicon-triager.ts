// A rule- and lexicon-based Triager (franc trigram language id, VADER sentiment, transparent keyword rules):
// what the pipeline runs when no trained model set is installed in models/. Every decision carries its reason.
import { franc } from 'franc-min';
import vader from 'vader-sentiment';
import type { CareIntent, PiiKind, ResponsePath, Sentiment, Signal, Triager, TriageInput, TriageResult } from '../domain/triage-result.js';

export const LEXICON_TRIAGER_VERSION = 'lexicon-1';

/** franc speaks ISO 639-3; the desk speaks ISO 639-1. Only languages franc-min knows well are mapped. */
const ISO3_TO_1: Readonly<Record<string, string>> = {
  eng: 'en', spa: 'es', fra: 'fr', deu: 'de', ita: 'it', por: 'pt', nld: 'nl', arb: 'ar', hin: 'hi', rus: 'ru',
  tur: 'tr', pol: 'pl', swe: 'sv', ind: 'id', jpn: 'ja', cmn: 'zh', kor: 'ko', ukr: 'uk', ces: 'cs', ron: 'ro',
};
const FRANC_ONLY = Object.keys(ISO3_TO_1);
const MIN_LANGUAGE_CHARS = 20;
/** Longest text the lexicon models read; the rest of a 100 KB mail adds cost, not signal. */
const MAX_MODEL_CHARS = 2000;

const INTENT_RULES: readonly [CareIntent, RegExp][] = [
  ['spam', /\b(crypto|giveaway|follow (me|back)|dm me for|promo code|earn \$?\d+|click here)\b/i],
  ['cancel', /\b(cancel(l?ing)?|close my account|switch(ing)? to|leaving you|unsubscribe)\b/i],
  ['outage', /\b(down|outage|not loading|can'?t (connect|load)|no (service|signal|internet)|#outage)\b/i],
  ['billing', /\b(charged|refund|invoice|bill(ing|ed)?|payment|overcharged|double charge)\b/i],
  ['delivery', /\b(deliver(y|ed)?|shipping|shipped|parcel|package|order (hasn'?t|has not|never) arrived|tracking)\b/i],
  ['account', /\b(log ?in|password|locked out|account (locked|hacked)|2fa|verification code|sign in)\b/i],
  ['praise', /\b(thank(s| you)|love (it|the|your)|awesome|brilliant|great (job|service|help))\b/i],
  ['feedback', /\b(suggest(ion)?|feature request|would be (nice|great)|please add|wish (you|it))\b/i],
  ['question', /\?\s*$|^(how|what|when|where|why|can|do|does|is|are) /i],
];

const URGENCY_RULES: readonly [string, RegExp, number][] = [
  ['safety', /\b(fire|smoke|injur(ed|y)|danger(ous)?|unsafe|emergency|hospital)\b/i, 1],
  ['legal threat', /\b(lawyer|sue|lawsuit|legal action|ombudsman|regulator)\b/i, 0.8],
  ['outage', /\b(down|outage|not working|no service)\b/i, 0.6],
  ['money lost', /\b(money (gone|missing|taken)|charged twice|double charged|stolen|fraud)\b/i, 0.8],
  ['repeated contact', /\b(again|third time|(\d+|several|many) (times|emails|calls|messages))\b/i, 0.5],
  ['still waiting', /\b(still (waiting|no|not)|no (reply|response|answer)|nobody answers|ignored)\b/i, 0.6],
];

const DEFAULT_CRISIS_TERMS = ['data breach', 'hacked', 'recall', 'boycott', 'food poisoning', 'class action'];

const PII_PATTERNS: readonly [PiiKind, RegExp][] = [
  ['email', /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi],
  ['iban', /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g],
  ['card', /\b(?:\d[ -]?){12,18}\d\b/g],
  ['phone', /(?:\+|\b00)\d[\d ()-]{7,16}\d\b|\b\d{3}[ -]\d{3}[ -]\d{4}\b/g],
];

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Finds PII kinds and masks them in a preview of the text (cards only when the Luhn check passes). */
export function findPii(text: string): { kinds: PiiKind[]; masked: string } {
  const kinds = new Set<PiiKind>();
  let masked = text;
  for (const [kind, pattern] of PII_PATTERNS) {
    masked = masked.replace(pattern, (match) => {
      if (kind === 'card' && !luhn(match.replace(/\D/g, ''))) return match;
      kinds.add(kind);
      return kind === 'email' ? '[email]' : `[${kind}]`;
    });
  }
  return { kinds: [...kinds], masked };
}

const signal = <T>(value: T, score: number, reasons: string[]): Signal<T> => ({ value, score: Math.round(score * 100) / 100, reasons });

export interface LexiconTriagerOptions {
  readonly crisisTerms?: readonly string[];
}

export function createLexiconTriager(options: LexiconTriagerOptions = {}): Triager {
  const crisisTerms = (options.crisisTerms ?? DEFAULT_CRISIS_TERMS).map((t) => t.toLowerCase());
  return {
    version: LEXICON_TRIAGER_VERSION,
    triage(input: TriageInput): TriageResult {
      // Lone surrogates would make the output unstorable; the models read a bounded, well-formed prefix.
      const text = input.text.toWellFormed().slice(0, MAX_MODEL_CHARS);
      const lower = text.toLowerCase();

      const letters = text.replace(/[\s\p{P}\p{S}\d]|https?:\/\/\S+|@\w+/gu, '');
      const iso3 = letters.length >= MIN_LANGUAGE_CHARS ? franc(text, { only: FRANC_ONLY, minLength: MIN_LANGUAGE_CHARS }) : 'und';
      const language =
        iso3 === 'und'
          ? signal('unknown', 0, [letters.length < MIN_LANGUAGE_CHARS ? `too little text to tell the language (${letters.length} letters)` : 'no language recognised'])
          : signal(ISO3_TO_1[iso3] ?? 'unknown', 0.7, [`character trigrams match ${ISO3_TO_1[iso3] ?? iso3}`]);

      const { compound } = vader.SentimentIntensityAnalyzer.polarity_scores(text);
      const sentimentValue: Sentiment = compound >= 0.05 ? 'positive' : compound <= -0.05 ? 'negative' : 'neutral';
      const sentiment = signal(sentimentValue, Math.abs(compound), sentimentValue === 'neutral' ? [] : [`lexicon polarity ${compound.toFixed(2)}`]);

      const intentRule = INTENT_RULES.find(([, re]) => re.test(text));
      const intentValue: CareIntent = intentRule ? intentRule[0] : sentimentValue === 'negative' ? 'complaint' : 'other';
      const intent = signal(intentValue, intentRule ? 0.6 : 0.3, intentRule ? [`keyword rule for ${intentRule[0]}`] : sentimentValue === 'negative' ? ['negative with no more specific intent'] : []);

      const isComplaint = sentimentValue === 'negative' && !['praise', 'spam'].includes(intentValue);
      const complaint = signal(isComplaint, isComplaint ? Math.abs(compound) : 0, isComplaint ? ['negative sentiment about a care topic'] : []);

      const triggers = URGENCY_RULES.filter(([, re]) => re.test(text));
      const urgencyValue = Math.min(1, triggers.reduce((m, [, , w]) => Math.max(m, w), 0) + 0.1 * Math.max(0, triggers.length - 1));
      const urgency = signal(urgencyValue, urgencyValue, triggers.map(([name]) => name));

      const followers = input.author?.followers ?? 0;
      const influenceValue = Math.min(1, Math.log10(1 + followers) / 6 + (input.author?.verified ? 0.2 : 0) + Math.min(0.2, Math.log10(1 + (input.reach ?? 0)) / 20));
      const influenceReasons = [
        ...(followers > 0 ? [`${followers} followers`] : []),
        ...(input.author?.verified ? ['verified author'] : []),
        ...(input.reach ? [`post reach ${input.reach}`] : []),
      ];
      const influence = signal(influenceValue, influenceValue, influenceReasons);

      const pii = findPii(input.text.toWellFormed().slice(0, 280));
      const crisis = crisisTerms.filter((t) => lower.includes(t));

      const priorityValue = Math.round(
        Math.min(100, 35 * urgencyValue + (sentimentValue === 'negative' ? 15 : 0) + (isComplaint ? 15 : 0) + (intentValue === 'cancel' ? 15 : 0) + 10 * influenceValue + (crisis.length > 0 ? 20 : 0)),
      );
      const priorityReasons = [
        ...(urgencyValue > 0 ? [`urgency ${urgencyValue.toFixed(2)}`] : []),
        ...(isComplaint ? ['complaint'] : []),
        ...(intentValue === 'cancel' ? ['churn threat'] : []),
        ...(influenceValue >= 0.5 ? ['influential author'] : []),
        ...(crisis.length > 0 ? [`crisis terms: ${crisis.join(', ')}`] : []),
      ];
      const priority = signal(intentValue === 'spam' ? 0 : priorityValue, priorityValue / 100, priorityReasons);

      // Safety and legal threats go to a lead; money and waiting problems are urgent but follow the normal path.
      const escalating = triggers.map(([name]) => name).filter((name) => name === 'safety' || name === 'legal threat');
      let pathValue: ResponsePath = 'answer-publicly';
      let pathReason = 'a question or remark that can be answered in the open';
      if (intentValue === 'spam') [pathValue, pathReason] = ['ignore-spam', 'looks like spam or promotion'];
      else if (crisis.length > 0 || escalating.length > 0)
        [pathValue, pathReason] = ['escalate', crisis.length > 0 ? `crisis terms: ${crisis.join(', ')}` : `${escalating.join(' and ')}: a lead should decide`];
      else if (intentValue === 'praise') [pathValue, pathReason] = ['thank', 'praise'];
      else if (input.isPublic && (isComplaint || pii.kinds.length > 0 || ['billing', 'account', 'cancel'].includes(intentValue)))
        [pathValue, pathReason] = ['acknowledge-then-private', pii.kinds.length > 0 ? 'personal data posted in public' : 'needs account details: move to a private channel'];
      const path = signal(pathValue, 0.6, [pathReason]);

      return {
        modelVersion: LEXICON_TRIAGER_VERSION,
        language,
        sentiment,
        emotion: signal('none', 0, ['no emotion model in the lexicon triager']),
        complaint,
        intent,
        urgency,
        influence,
        pii: { kinds: pii.kinds, maskedPreview: pii.masked },
        crisis: { terms: crisis },
        priority,
        path,
        tags: [],
      };
    },
  };
}
