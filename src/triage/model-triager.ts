// The Triager built from the trained model set: runs the models once per message, turns their probabilities
// into signals with reasons, combines them into priority and path, then applies the team's rules.
import type { Emotion, Sentiment, Signal, Triager, TriageInput, TriageResult } from '../domain/triage-result.js';
import { createCrisisMatcher, DEFAULT_CRISIS_TERMS } from './crisis-terms.js';
import { findPii } from './find-pii.js';
import { rateInfluence } from './influence-signal.js';
import { rateIntent } from './intent-signal.js';
import { rateLanguage } from './language-signal.js';
import type { Prediction } from './linear-model.js';
import type { ModelSet } from './load-models.js';
import { DEFAULT_PRIORITY_WEIGHTS, type PriorityWeights } from './priority-weights.js';
import { suggestPath } from './response-path.js';
import { createModelRunner } from './run-models.js';
import { scorePriority } from './score-priority.js';
import { makeSignal, percent } from './signal.js';
import { applyRules, type CompiledRule } from './triage-rule.js';
import { rateUrgency } from './urgency-signal.js';

/** Models every message runs through; the fine-grained intent models are chosen separately. */
const CORE_TASKS = ['language', 'sentiment', 'emotion', 'complaint', 'offensive', 'irony'] as const;
/** Banking77 by default: its intents are care topics. CLINC150 costs ~2× more per message and is mostly assistant talk. */
export const DEFAULT_FINE_INTENT_TASKS: readonly string[] = ['banking77'];
/** Longest text triage reads; mails can be 100 KB, the models read the first MAX_MODEL_CHARS anyway. */
const MAX_TRIAGE_CHARS = 20_000;
const CONTENT = /[\p{L}\p{N}\p{Extended_Pictographic}]/u;
/** Links and mentions alone say nothing the models could rate. */
const LINKS_AND_MENTIONS = /https?:\/\/\S+|www\.\S+|@[\p{L}\p{N}_]+/gu;
/** An emotion is named only when the model puts at least this probability on it. */
const MIN_EMOTION = 0.5;
/** The irony model's offsets favour recall (its metric is F1 of irony), so only a confident call is shown. */
const IRONY_NOTE = 0.9;
/** Likewise for the offensive tag: the offsets were tuned for macro-F1, the tag should rarely be wrong. */
const OFFENSIVE_TAG = 0.8;

export interface ModelTriagerOptions {
  readonly crisisTerms?: readonly string[];
  readonly weights?: Partial<PriorityWeights>;
  readonly rules?: readonly CompiledRule[];
  readonly fineIntentTasks?: readonly string[];
}

function probabilityOf(p: Prediction | undefined, labels: readonly string[] | undefined, label: string): number {
  if (!p || !labels) return 0;
  const i = labels.indexOf(label);
  return i < 0 ? 0 : (p.probabilities[i] ?? 0);
}

export function createModelTriager(set: ModelSet, options: ModelTriagerOptions = {}): Triager {
  const crisis = createCrisisMatcher(options.crisisTerms ?? DEFAULT_CRISIS_TERMS);
  const weights: PriorityWeights = { ...DEFAULT_PRIORITY_WEIGHTS, ...options.weights };
  const rules = options.rules ?? [];
  // No closure below may mention `set`: V8 would then keep the whole loaded model set (the weight files) alive.
  const present = new Set(set.models.keys());
  const fineTasks = (options.fineIntentTasks ?? DEFAULT_FINE_INTENT_TASKS).filter((t) => present.has(t));
  const tasks = [...CORE_TASKS.filter((t) => present.has(t)), ...fineTasks];
  const runner = createModelRunner(set, tasks);
  // Only labels are kept from the set: the weight files are garbage once the runner has laid out its banks.
  const labelsByTask = new Map([...set.models].map(([task, m]) => [task, m.labels] as const));
  const version = set.version;
  const labels = (task: string): readonly string[] | undefined => labelsByTask.get(task);
  const labelOf = (task: string, p: Prediction | undefined): string | undefined => (p ? labels(task)?.[p.index] : undefined);

  return {
    version,
    triage(input: TriageInput): TriageResult {
      const raw = typeof input.text === 'string' ? input.text : '';
      const text = (raw.length > MAX_TRIAGE_CHARS ? raw.slice(0, MAX_TRIAGE_CHARS) : raw).toWellFormed();
      const hasContent = CONTENT.test(/http|www\.|@/.test(text) ? text.replace(LINKS_AND_MENTIONS, ' ') : text);
      const preds: ReadonlyMap<string, Prediction> = hasContent ? runner.run(text, tasks) : new Map();

      const language = rateLanguage(text, preds.get('language'), labels('language') ?? []);

      const sentimentPred = preds.get('sentiment');
      const sentimentValue = (labelOf('sentiment', sentimentPred) ?? 'neutral') as Sentiment;
      const sentimentP = sentimentPred ? (sentimentPred.probabilities[sentimentPred.index] ?? 0) : 1;
      const ironyP = probabilityOf(preds.get('irony'), labels('irony'), 'irony');
      const isIronic = ironyP >= IRONY_NOTE && sentimentValue === 'positive';
      const sentimentReasons: string[] = [
        ...(!hasContent ? ['no words or emoji to rate'] : []),
        ...(sentimentValue !== 'neutral' ? [`sentiment model: ${sentimentValue} ${percent(sentimentP)}`] : []),
        ...(isIronic ? [`may be ironic (irony model ${percent(ironyP)}): positive words may mean the opposite`] : []),
      ];
      const sentiment: Signal<Sentiment> = makeSignal(sentimentValue, sentimentP, sentimentReasons);
      const negativeP = probabilityOf(sentimentPred, labels('sentiment'), 'negative');

      const emotionPred = preds.get('emotion');
      const emotionLabel = labelOf('emotion', emotionPred) as Emotion | undefined;
      const emotionP = emotionPred ? (emotionPred.probabilities[emotionPred.index] ?? 0) : 0;
      const emotion: Signal<Emotion> =
        emotionLabel && emotionP >= MIN_EMOTION && sentimentValue !== 'neutral'
          ? makeSignal(emotionLabel, emotionP, [`emotion model: ${emotionLabel} ${percent(emotionP)}`])
          : makeSignal('none', 1 - emotionP, []);
      const angerP = emotion.value === 'anger' ? emotionP : 0;

      const complaintP = probabilityOf(preds.get('complaint'), labels('complaint'), 'complaint');
      const isComplaint = labelOf('complaint', preds.get('complaint')) === 'complaint';
      const complaint = makeSignal(isComplaint, isComplaint ? complaintP : 1 - complaintP, isComplaint ? [`complaint model ${percent(complaintP)}`] : []);

      let fine: { task: string; label: string; probability: number } | undefined;
      for (const task of fineTasks) {
        const p = preds.get(task);
        const label = labelOf(task, p);
        const probability = p ? (p.probabilities[p.index] ?? 0) : 0;
        if (p && label !== undefined && label !== 'oos' && (fine === undefined || probability > fine.probability)) fine = { task, label, probability };
      }
      const intent = rateIntent({ text, complaintProbability: preds.has('complaint') ? complaintP : undefined, sentiment, fine });

      const urgency = rateUrgency(text);
      const influence = rateInfluence(input);
      const pii = findPii(text);
      const crisisTerms = crisis.find(text);
      const offensiveP = probabilityOf(preds.get('offensive'), labels('offensive'), 'offensive');
      const isOffensive = offensiveP >= OFFENSIVE_TAG;

      const priority = scorePriority(
        {
          isSpam: intent.value === 'spam',
          urgency: urgency.value,
          negative: negativeP,
          complaint: isComplaint ? complaintP : 0,
          anger: angerP,
          isChurnThreat: intent.value === 'cancel',
          influence: influence.value,
          hasCrisisTerms: crisisTerms.length > 0,
          hasPii: pii.kinds.length > 0,
          offensive: isOffensive ? offensiveP : 0,
          isPraise: intent.value === 'praise',
        },
        weights,
      );
      const path = suggestPath({
        intent: intent.value,
        isComplaint,
        isNegative: sentimentValue === 'negative',
        urgencyTriggers: urgency.reasons,
        influence: influence.value,
        crisisTerms,
        piiKinds: pii.kinds,
        isPublic: input.isPublic ?? true,
      });
      const tags = [
        ...(isOffensive ? ['offensive'] : []),
        ...(isIronic ? ['irony'] : []),
        ...(pii.kinds.length > 0 ? ['pii'] : []),
        ...(crisisTerms.length > 0 ? ['crisis'] : []),
      ];
      const result: TriageResult = {
        modelVersion: version,
        language,
        sentiment,
        emotion,
        complaint,
        intent,
        urgency,
        influence,
        pii: { kinds: pii.kinds, maskedPreview: pii.masked },
        crisis: { terms: crisisTerms },
        priority,
        path,
        tags,
      };
      return rules.length > 0 ? applyRules(rules, input, result, text) : result;
    },
  };
}
