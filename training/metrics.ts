// The published metric of each data set, computed from gold and predicted label indices.

export interface Scores {
  readonly accuracy: number;
  readonly macroRecall: number;
  readonly macroF1: number;
  /** F1 of each label, in label order. */
  readonly f1: readonly number[];
}

export function scoreClassification(gold: ArrayLike<number>, predicted: ArrayLike<number>, k: number): Scores {
  const tp = new Float64Array(k);
  const goldCount = new Float64Array(k);
  const predCount = new Float64Array(k);
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i] ?? 0;
    const p = predicted[i] ?? 0;
    goldCount[g]! += 1;
    predCount[p]! += 1;
    if (g === p) {
      tp[g]! += 1;
      correct++;
    }
  }
  const f1: number[] = [];
  let recallSum = 0;
  let present = 0;
  for (let c = 0; c < k; c++) {
    const t = tp[c] ?? 0;
    const gc = goldCount[c] ?? 0;
    const pc = predCount[c] ?? 0;
    if (gc > 0) {
      recallSum += t / gc;
      present++;
    }
    f1.push(gc + pc === 0 ? 0 : (2 * t) / (gc + pc));
  }
  const f1Present = f1.filter((_, c) => (goldCount[c] ?? 0) > 0);
  return {
    accuracy: (100 * correct) / Math.max(1, gold.length),
    macroRecall: (100 * recallSum) / Math.max(1, present),
    macroF1: (100 * f1Present.reduce((a, b) => a + b, 0)) / Math.max(1, f1Present.length),
    f1: f1.map((x) => 100 * x),
  };
}

/** CLINC150 (Larson et al. 2019): accuracy over in-scope rows, and recall of `oos` over out-of-scope rows. */
export function scoreOutOfScope(gold: ArrayLike<number>, predicted: ArrayLike<number>, oos: number): { inScopeAccuracy: number; oosRecall: number } {
  let inScope = 0;
  let inCorrect = 0;
  let out = 0;
  let outCorrect = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i] ?? 0;
    const p = predicted[i] ?? 0;
    if (g === oos) {
      out++;
      if (p === oos) outCorrect++;
    } else {
      inScope++;
      if (p === g) inCorrect++;
    }
  }
  return { inScopeAccuracy: (100 * inCorrect) / Math.max(1, inScope), oosRecall: (100 * outCorrect) / Math.max(1, out) };
}
