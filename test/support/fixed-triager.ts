// A deterministic Triager for pipeline tests that are about storage and threading, not about the models.
import type { Triager, TriageResult } from '../../src/domain/triage-result.js';

const signal = <T>(value: T) => ({ value, score: 1, reasons: [] });

export const fixedTriager: Triager = {
  version: 'fixed-test',
  triage(input): TriageResult {
    const negative = /\b(angry|worst|broken|refund)\b/i.test(input.text);
    return {
      modelVersion: 'fixed-test',
      language: signal(input.text.length < 12 ? 'unknown' : 'en'),
      sentiment: signal(negative ? 'negative' : 'neutral'),
      emotion: signal('none'),
      complaint: signal(negative),
      intent: signal(negative ? 'complaint' : 'other'),
      urgency: signal(0),
      influence: signal(0),
      pii: { kinds: [], maskedPreview: input.text.slice(0, 80) },
      crisis: { terms: [] },
      priority: signal(negative ? 60 : 20),
      path: signal('answer-publicly'),
      tags: [],
    };
  },
};
