// A multinomial linear model over hashed features: the one model shape every triage task uses, scored the same
// way in training (float weights) and serving (int8 weights with one scale).
import { FEATURE_GROUPS, type FeatureGroup, type FeatureSet } from './hashed-features.js';

export interface LinearModel {
  readonly task: string;
  readonly labels: readonly string[];
  /** log2 of the number of hash buckets. */
  readonly bits: number;
  readonly groups: readonly FeatureGroup[];
  /** (2^bits) × labels.length, bucket-major, so one feature reads one contiguous row. */
  readonly weights: Int8Array | Float32Array;
  /** Real weight = stored weight × scale. */
  readonly scale: number;
  readonly bias: Float32Array;
  /** Optional dense inputs (another model's probabilities), `denseSource.length × labels.length`. */
  readonly denseSource?: string;
  readonly denseWeights?: Float32Array;
  /** Per-label offsets added to the logits, tuned on the validation split for the task's metric. */
  readonly offsets: Float32Array;
}

const GROUP_POSITION: ReadonlyMap<FeatureGroup, number> = new Map(FEATURE_GROUPS.map((g, i) => [g, i]));

/** Fills `out` with the model's logits (before offsets) for one message. */
export function computeLogits(model: LinearModel, features: FeatureSet, dense: ArrayLike<number> | undefined, out: Float64Array): void {
  const k = model.labels.length;
  const w = model.weights;
  const mask = (1 << model.bits) - 1;
  const acc = new Float64Array(k);
  out.fill(0, 0, k);
  for (const group of model.groups) {
    const g = GROUP_POSITION.get(group) ?? 0;
    const from = features.start[g] ?? 0;
    const to = features.start[g + 1] ?? 0;
    if (to <= from) continue;
    acc.fill(0);
    const hashes = features.hashes;
    if (k === 2) {
      // Binary tasks are most of the models; an unrolled row read keeps them nearly free.
      let a0 = 0;
      let a1 = 0;
      for (let i = from; i < to; i++) {
        const row = (hashes[i]! & mask) * 2;
        a0 += w[row]!;
        a1 += w[row + 1]!;
      }
      acc[0] = a0;
      acc[1] = a1;
    } else {
      // Hot loop: indices are in range by construction (row < 2^bits·k), so no undefined checks.
      for (let i = from; i < to; i++) {
        const row = (hashes[i]! & mask) * k;
        for (let c = 0; c < k; c++) acc[c]! += w[row + c]!;
      }
    }
    const value = model.scale / Math.sqrt(to - from);
    for (let c = 0; c < k; c++) out[c]! += acc[c]! * value;
  }
  addBiasAndDense(model, dense, out);
}

/** Adds the bias and the dense inputs' contribution to logits that already hold the n-gram sums. */
export function addBiasAndDense(model: LinearModel, dense: ArrayLike<number> | undefined, out: Float64Array): void {
  const k = model.labels.length;
  for (let c = 0; c < k; c++) out[c]! += model.bias[c]!;
  const dw = model.denseWeights;
  if (dense !== undefined && dw !== undefined) {
    for (let d = 0; d < dense.length; d++) {
      const x = dense[d]!;
      for (let c = 0; c < k; c++) out[c]! += x * dw[d * k + c]!;
    }
  }
}

/** Logits (with offsets) → prediction. */
export function finishPrediction(model: LinearModel, z: Float64Array): Prediction {
  const k = model.labels.length;
  for (let c = 0; c < k; c++) z[c]! += model.offsets[c]!;
  softmax(z, k);
  let best = 0;
  for (let c = 1; c < k; c++) if (z[c]! > z[best]!) best = c;
  return { index: best, probabilities: z };
}

/** In place: logits → probabilities. */
export function softmax(values: Float64Array, k: number): void {
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, values[c] ?? 0);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp((values[c] ?? 0) - max);
    values[c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) values[c] = (values[c] ?? 0) / sum;
}

export interface Prediction {
  readonly index: number;
  /** Probability of each label, offsets applied. */
  readonly probabilities: Float64Array;
}

/** Scores one message: logits, plus the tuned offsets, through a softmax; the best label wins. */
export function predict(model: LinearModel, features: FeatureSet, dense?: ArrayLike<number>): Prediction {
  const z = new Float64Array(model.labels.length);
  computeLogits(model, features, dense, z);
  return finishPrediction(model, z);
}
