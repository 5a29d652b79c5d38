// The flat, one-line-per-message shape `earshot triage --json` writes (and POST /api/triage can return): each
// signal's decision, its score, and all reasons grouped by signal.
import type { CareIntent, Emotion, PiiKind, ResponsePath, Sentiment, TriageResult } from '../domain/triage-result.js';

export interface TriageSummary {
  readonly modelVersion: string;
  readonly language: string;
  readonly sentiment: Sentiment;
  readonly emotion: Emotion;
  readonly complaint: boolean;
  readonly intent: CareIntent;
  readonly fineIntent?: { readonly label: string; readonly score: number };
  readonly urgency: number;
  readonly influence: number;
  readonly pii: readonly PiiKind[];
  readonly crisis: readonly string[];
  readonly priority: number;
  readonly path: ResponsePath;
  readonly tags: readonly string[];
  readonly preview: string;
  /** Confidence of each decision, 0..1. */
  readonly scores: Readonly<Record<'language' | 'sentiment' | 'emotion' | 'complaint' | 'intent' | 'path', number>>;
  /** Why, per signal; signals at their default value usually have none. */
  readonly reasons: Readonly<Record<'language' | 'sentiment' | 'emotion' | 'complaint' | 'intent' | 'urgency' | 'influence' | 'priority' | 'path', readonly string[]>>;
}

export function summarizeTriage(r: TriageResult): TriageSummary {
  return {
    modelVersion: r.modelVersion,
    language: r.language.value,
    sentiment: r.sentiment.value,
    emotion: r.emotion.value,
    complaint: r.complaint.value,
    intent: r.intent.value,
    ...(r.intent.fine ? { fineIntent: r.intent.fine } : {}),
    urgency: r.urgency.value,
    influence: r.influence.value,
    pii: r.pii.kinds,
    crisis: r.crisis.terms,
    priority: r.priority.value,
    path: r.path.value,
    tags: r.tags,
    preview: r.pii.maskedPreview,
    scores: {
      language: r.language.score,
      sentiment: r.sentiment.score,
      emotion: r.emotion.score,
      complaint: r.complaint.score,
      intent: r.intent.score,
      path: r.path.score,
    },
    reasons: {
      language: r.language.reasons,
      sentiment: r.sentiment.reasons,
      emotion: r.emotion.reasons,
      complaint: r.complaint.reasons,
      intent: r.intent.reasons,
      urgency: r.urgency.reasons,
      influence: r.influence.reasons,
      priority: r.priority.reasons,
      path: r.path.reasons,
    },
  };
}
