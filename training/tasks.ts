// What `npm run train` builds: one entry per model, with its data set, published metric, feature groups and the
// hyper-parameter grid searched on the validation split. Order matters: a model that reads another model's
// outputs (`dense`) comes after it.
import type { FeatureGroup } from '../src/triage/hashed-features.js';
import { scoreClassification, scoreOutOfScope } from './metrics.js';

export interface TaskSpec {
  readonly task: string;
  readonly dataset: string;
  readonly metricName: string;
  /** The published metric, higher is better; gold and predicted are label indices. */
  readonly metric: (gold: ArrayLike<number>, predicted: ArrayLike<number>, labels: readonly string[]) => number;
  readonly bits: number;
  readonly groups: readonly FeatureGroup[];
  readonly lambdas: readonly number[];
  readonly balanced: readonly boolean[];
  readonly maxEpochs: number;
  readonly lr0: number;
  /** Models trained with different shuffles and averaged (1 = no averaging). */
  readonly seeds: number;
  /** Reads the probabilities of this earlier model as extra inputs (transfer from a larger data set). */
  readonly dense?: string;
  /** Which logit offsets are tuned on validation: all labels, one label, or none. */
  readonly offsets: 'all' | 'none' | { readonly label: string };
}

/**
 * Word 1–2-grams and character 3- and 5-grams: on validation as good as or better than c2–c5 (sentiment
 * macro-recall before offsets 68.72 vs 67.63; emotion macro-F1 66.08 vs 65.01; language 98.73 vs 98.84;
 * offensive 72.13 vs 72.11) at half the features per message.
 */
const TWEET_GROUPS: readonly FeatureGroup[] = ['w1', 'w2', 'c3', 'c5'];
/**
 * The tweet models and language id share bits and groups, so serving interleaves them into one table and reads
 * one row per feature for all six (src/triage/model-bank.ts). Sentiment on validation (macro-recall, before
 * offsets, c2–c5): 2^20 67.88, 2^18 67.63, 2^17 67.19, 2^16 66.65.
 */
const TWEET_BITS = 18;
const macroRecall = (g: ArrayLike<number>, p: ArrayLike<number>, l: readonly string[]): number => scoreClassification(g, p, l.length).macroRecall;
const macroF1 = (g: ArrayLike<number>, p: ArrayLike<number>, l: readonly string[]): number => scoreClassification(g, p, l.length).macroF1;
const accuracy = (g: ArrayLike<number>, p: ArrayLike<number>, l: readonly string[]): number => scoreClassification(g, p, l.length).accuracy;

export const TASKS: readonly TaskSpec[] = [
  {
    task: 'sentiment', dataset: 'tweeteval-sentiment', metricName: 'macro-averaged recall', metric: macroRecall, dense: 'lexicon',
    bits: TWEET_BITS, groups: TWEET_GROUPS, lambdas: [1e-5, 3e-5], balanced: [true], maxEpochs: 6, lr0: 0.5, seeds: 5, offsets: 'all',
  },
  {
    task: 'emotion', dataset: 'tweeteval-emotion', metricName: 'macro-F1', metric: macroF1,
    bits: TWEET_BITS, groups: TWEET_GROUPS, lambdas: [1e-5, 1e-4], balanced: [true], maxEpochs: 10, lr0: 0.5, seeds: 5, dense: 'sentiment', offsets: 'all',
  },
  {
    task: 'offensive', dataset: 'tweeteval-offensive', metricName: 'macro-F1', metric: macroF1,
    bits: TWEET_BITS, groups: TWEET_GROUPS, lambdas: [3e-5, 1e-4, 3e-4], balanced: [true], maxEpochs: 6, lr0: 0.5, seeds: 5, dense: 'sentiment', offsets: 'all',
  },
  {
    task: 'irony', dataset: 'tweeteval-irony', metricName: 'F1 of irony', metric: (g, p, l) => scoreClassification(g, p, l.length).f1[l.indexOf('irony')] ?? 0,
    bits: TWEET_BITS, groups: TWEET_GROUPS, lambdas: [3e-5, 1e-4, 3e-4], balanced: [false, true], maxEpochs: 8, lr0: 0.5, seeds: 5, dense: 'sentiment', offsets: 'all',
  },
  {
    task: 'complaint', dataset: 'complaints', metricName: 'macro-F1', metric: macroF1,
    bits: TWEET_BITS, groups: TWEET_GROUPS, lambdas: [1e-5, 1e-4], balanced: [true], maxEpochs: 10, lr0: 0.5, seeds: 5, dense: 'sentiment', offsets: 'all',
  },
  {
    task: 'banking77', dataset: 'banking77', metricName: 'accuracy', metric: accuracy,
    // w1+w2+c4 only: within 0.3 points of all groups on validation at a third of the cost per message.
    bits: 15, groups: ['w1', 'w2', 'c4'], lambdas: [1e-5], balanced: [false], maxEpochs: 8, lr0: 0.5, seeds: 5, offsets: 'none'
  },
  {
    // Out-of-scope recall counts only up to 45% on validation (the issue asks for ≥ 40 on test, plus a margin):
    // beyond that, the oos offset would buy recall with in-scope accuracy, which the desk needs more.
    task: 'clinc150', dataset: 'clinc150', metricName: 'in-scope accuracy + min(oos recall, 45)',
    metric: (g, p, l) => {
      const s = scoreOutOfScope(g, p, l.indexOf('oos'));
      return s.inScopeAccuracy + Math.min(s.oosRecall, 45);
    },
    bits: 16, groups: ['w1', 'w2', 'c3', 'c4', 'c5'], lambdas: [1e-5], balanced: [false], maxEpochs: 8, lr0: 0.5, seeds: 5, offsets: { label: 'oos' },
  },
  {
    task: 'language', dataset: 'umsab-multilingual', metricName: 'accuracy', metric: accuracy,
    // Validation accuracy: tweet features 98.73 (w1+w2+c2..c5 98.84, w1+c2..c4 98.77, w1+c1..c5 98.57).
    bits: TWEET_BITS, groups: TWEET_GROUPS, lambdas: [1e-5, 3e-5], balanced: [false], maxEpochs: 10, lr0: 0.5, seeds: 5, offsets: 'none',
  },
];
