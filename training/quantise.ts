// Float weights → int8 with one scale per model. The clipping quantile is chosen by the validation metric:
// clipping the largest few weights keeps resolution for the many small ones.
import type { LinearModel } from '../src/triage/linear-model.js';

const QUANTILES = [1, 0.9999, 0.999, 0.995, 0.99] as const;

export function quantise(model: LinearModel, score: (m: LinearModel) => number): { model: LinearModel; quantile: number; score: number } {
  const abs = Float32Array.from(model.weights, (x) => Math.abs(x * model.scale)).filter((x) => x > 0).sort();
  let best: { model: LinearModel; quantile: number; score: number } | undefined;
  for (const quantile of QUANTILES) {
    const clip = abs[Math.min(abs.length - 1, Math.floor(quantile * (abs.length - 1)))] ?? 1;
    const scale = clip / 127;
    const weights = new Int8Array(model.weights.length);
    for (let i = 0; i < weights.length; i++) {
      weights[i] = Math.max(-127, Math.min(127, Math.round(((model.weights[i] ?? 0) * model.scale) / scale)));
    }
    const candidate: LinearModel = { ...model, weights, scale };
    const s = score(candidate);
    if (best === undefined || s > best.score) best = { model: candidate, quantile, score: s };
  }
  if (best === undefined) throw new Error('no quantile tried');
  return best;
}
