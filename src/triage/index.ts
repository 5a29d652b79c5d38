// Triage's public surface: load the trained models once, then rate every message synchronously.
import type { Triager } from '../domain/triage-result.js';
import { DEFAULT_MODELS_DIR, loadModelSet } from './load-models.js';
import { createModelTriager } from './model-triager.js';
import type { PriorityWeights } from './priority-weights.js';
import { compileRules, type TriageRule } from './triage-rule.js';

export { DEFAULT_CRISIS_TERMS } from './crisis-terms.js';
export { findPii, isIbanValid, isLuhnValid } from './find-pii.js';
export { createLexiconTriager, LEXICON_TRIAGER_VERSION } from './lexicon-triager.js';
export { DEFAULT_MODELS_DIR, loadModelSet, type ModelSet } from './load-models.js';
export { DEFAULT_FINE_INTENT_TASKS } from './model-triager.js';
export { DEFAULT_PRIORITY_WEIGHTS, priorityWeightsSchema, type PriorityWeights } from './priority-weights.js';
export { createModelRunner, type ModelRunner } from './run-models.js';
export { summarizeTriage, type TriageSummary } from './triage-summary.js';
export { compileRules, triageRuleSchema, type TriageRule } from './triage-rule.js';

export interface LoadTriagerOptions {
  /** Directory holding manifest.json and the weight files; defaults to the repository's models/. */
  readonly modelsDir?: string;
  readonly crisisTerms?: readonly string[];
  readonly weights?: Partial<PriorityWeights>;
  /** Team rules, applied after the models in this order; validated here (InputError on a bad rule). */
  readonly rules?: readonly TriageRule[];
  /** Fine-grained intent models to run on every message (default banking77; clinc150 is also trained). */
  readonly fineIntentTasks?: readonly string[];
}

/**
 * Reads the weight files (synchronously, once) and returns a pure, synchronous Triager.
 * Throws SetupError('TRIAGE_MODEL_MISSING') naming the path when models/ has not been built (`npm run train`).
 */
export function loadTriager(options: LoadTriagerOptions = {}): Triager {
  const set = loadModelSet(options.modelsDir ?? DEFAULT_MODELS_DIR);
  return createModelTriager(set, {
    ...(options.crisisTerms ? { crisisTerms: options.crisisTerms } : {}),
    ...(options.weights ? { weights: options.weights } : {}),
    ...(options.rules ? { rules: compileRules(options.rules) } : {}),
    ...(options.fineIntentTasks ? { fineIntentTasks: options.fineIntentTasks } : {}),
  });
}
