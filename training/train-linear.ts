// Multinomial logistic regression by SGD over hashed features: learning rate lr0/(1+lr0·λ·t), L2 by a global
// scale factor so each step touches only the message's own rows, optional class-balanced weighting, and a
// seeded shuffle so the same seed gives the same weights.
import { computeLogits, softmax, type LinearModel } from '../src/triage/linear-model.js';
import type { FeatureGroup, FeatureSet } from '../src/triage/hashed-features.js';
import { FEATURE_GROUPS } from '../src/triage/hashed-features.js';

export interface Example {
  readonly features: FeatureSet;
  readonly label: number;
  readonly dense?: Float64Array;
}

export interface LinearTrainOptions {
  readonly task: string;
  readonly labels: readonly string[];
  readonly bits: number;
  readonly groups: readonly FeatureGroup[];
  readonly lambda: number;
  readonly epochs: number;
  readonly balanced: boolean;
  readonly seed: number;
  readonly lr0: number;
  readonly denseSource?: string;
  readonly denseDim?: number;
  /** Called after each epoch with a live view of the weights (copy it to keep it). */
  readonly onEpoch: (epoch: number, model: LinearModel) => void;
}

/** mulberry32: small, fast and reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GROUP_POSITION = new Map(FEATURE_GROUPS.map((g, i) => [g, i]));

export function trainLinear(examples: readonly Example[], o: LinearTrainOptions): void {
  const k = o.labels.length;
  const w = new Float32Array((1 << o.bits) * k);
  const bias = new Float32Array(k);
  const denseWeights = o.denseDim !== undefined ? new Float32Array(o.denseDim * k) : undefined;
  const offsets = new Float32Array(k);
  const counts = new Float64Array(k);
  for (const e of examples) counts[e.label]! += 1;
  const classWeight = Array.from(counts, (c) => (o.balanced && c > 0 ? examples.length / (k * c) : 1));
  const mask = (1 << o.bits) - 1;
  const groupPositions = o.groups.map((g) => GROUP_POSITION.get(g) ?? 0);
  const random = seededRandom(o.seed);
  const order = Array.from(examples.keys());
  const z = new Float64Array(k);
  const grad = new Float64Array(k);
  let scale = 1;
  let t = 0;
  const view = (): LinearModel => ({
    task: o.task,
    labels: o.labels,
    bits: o.bits,
    groups: o.groups,
    weights: w,
    scale,
    bias,
    offsets,
    ...(o.denseSource !== undefined && denseWeights !== undefined ? { denseSource: o.denseSource, denseWeights } : {}),
  });
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const tmp = order[i]!;
      order[i] = order[j]!;
      order[j] = tmp;
    }
    for (const index of order) {
      const e = examples[index]!;
      const lr = o.lr0 / (1 + o.lr0 * o.lambda * t);
      t++;
      computeLogits(view(), e.features, e.dense, z);
      softmax(z, k);
      const cw = classWeight[e.label] ?? 1;
      for (let c = 0; c < k; c++) grad[c] = ((z[c] ?? 0) - (c === e.label ? 1 : 0)) * cw;
      scale *= 1 - lr * o.lambda;
      if (scale < 1e-4) {
        for (let x = 0; x < w.length; x++) w[x] = (w[x] ?? 0) * scale;
        scale = 1;
      }
      for (const g of groupPositions) {
        const from = e.features.start[g] ?? 0;
        const to = e.features.start[g + 1] ?? 0;
        if (to <= from) continue;
        const coef = (lr / Math.sqrt(to - from)) / scale;
        for (let f = from; f < to; f++) {
          const row = ((e.features.hashes[f] ?? 0) & mask) * k;
          for (let c = 0; c < k; c++) w[row + c] = (w[row + c] ?? 0) - coef * (grad[c] ?? 0);
        }
      }
      for (let c = 0; c < k; c++) bias[c] = (bias[c] ?? 0) - lr * (grad[c] ?? 0);
      if (denseWeights !== undefined && e.dense !== undefined) {
        for (let d = 0; d < e.dense.length; d++) {
          const x = e.dense[d] ?? 0;
          for (let c = 0; c < k; c++) denseWeights[d * k + c] = (denseWeights[d * k + c] ?? 0) - lr * x * (grad[c] ?? 0);
        }
      }
    }
    o.onEpoch(epoch, view());
  }
}
