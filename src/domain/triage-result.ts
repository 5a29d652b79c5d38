// The vocabulary of triage: what every message is rated on, and the Triager contract the pipeline calls.
// The models live in src/triage; this file only fixes the shape so pipeline, store and API agree.

export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export const EMOTIONS = ['anger', 'joy', 'optimism', 'sadness', 'none'] as const;
export type Emotion = (typeof EMOTIONS)[number];

/** Social-care intents (DESIGN.md §2 TRIAGE). */
export const CARE_INTENTS = [
  'question',
  'complaint',
  'outage',
  'billing',
  'delivery',
  'account',
  'cancel',
  'praise',
  'feedback',
  'spam',
  'other',
] as const;
export type CareIntent = (typeof CARE_INTENTS)[number];

/** Response-framework paths: what the agent is advised to do with the message. */
export const RESPONSE_PATHS = ['answer-publicly', 'acknowledge-then-private', 'escalate', 'thank', 'ignore-spam'] as const;
export type ResponsePath = (typeof RESPONSE_PATHS)[number];

export const PII_KINDS = ['email', 'phone', 'card', 'iban'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** One rated signal: the decision, how sure we are (0..1), and why — shown to the agent. */
export interface Signal<T> {
  readonly value: T;
  readonly score: number;
  readonly reasons: readonly string[];
}

export interface TriageResult {
  /** Version of the model set that produced this result, so re-triage after an update can find stale rows. */
  readonly modelVersion: string;
  /** ISO 639-1 code, or 'unknown' when the text is too short or unclear to say. */
  readonly language: Signal<string>;
  readonly sentiment: Signal<Sentiment>;
  readonly emotion: Signal<Emotion>;
  readonly complaint: Signal<boolean>;
  readonly intent: Signal<CareIntent> & { readonly fine?: { readonly label: string; readonly score: number } };
  /** 0..1; reasons name the triggers (safety, legal threat, outage, money lost, repeated contact, still waiting). */
  readonly urgency: Signal<number>;
  /** 0..1 from followers, verified flag and reach. */
  readonly influence: Signal<number>;
  readonly pii: { readonly kinds: readonly PiiKind[]; readonly maskedPreview: string };
  readonly crisis: { readonly terms: readonly string[] };
  /** 0..100 combined from the signals with documented weights. */
  readonly priority: Signal<number>;
  readonly path: Signal<ResponsePath>;
  readonly tags: readonly string[];
}

export interface TriageAuthor {
  readonly followers?: number;
  readonly verified?: boolean;
}

export interface TriageInput {
  readonly text: string;
  readonly author?: TriageAuthor;
  /** Public posts (a tweet, a page comment) versus private messages (DM, email). */
  readonly isPublic?: boolean;
  /** Reach of the post itself (views, likes + shares) where the channel reports it. */
  readonly reach?: number;
}

/** Pure and synchronous: loading weights happens before, once (`src/triage/load-models.ts`). */
export interface Triager {
  readonly version: string;
  triage(input: TriageInput): TriageResult;
}
