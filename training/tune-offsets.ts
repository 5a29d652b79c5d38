// Per-label logit offsets tuned on the validation split for the task's own metric (macro-recall, macro-F1, F1
// of one class, or out-of-scope recall), by coordinate ascent over a coarse grid. The weights never see it.
const STEPS = Array.from({ length: 31 }, (_, i) => (i - 15) / 10);
const ROUNDS = 2;

export function tuneOffsets(
  _logits: readonly Float64Array[],
  labels: readonly string[],
  which: 'all' | 'none' | { readonly label: string },
  score: (offsets: readonly number[]) => number,
): number[] {
  const offsets = labels.map(() => 0);
  if (which === 'none') return offsets;
  const tunable = which === 'all' ? labels.map((_, i) => i) : [labels.indexOf(which.label)].filter((i) => i >= 0);
  const steps = which === 'all' ? STEPS : Array.from({ length: 41 }, (_, i) => i * 0.25 - 2);
  let bestScore = score(offsets);
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of tunable) {
      const base = offsets[c] ?? 0;
      let bestValue = base;
      for (const step of steps) {
        offsets[c] = which === 'all' ? base + step / (round + 1) : step;
        const s = score(offsets);
        // Only a clear gain moves an offset, so the small validation sets are not over-fitted on noise.
        if (s > bestScore + 0.05) {
          bestScore = s;
          bestValue = offsets[c] ?? 0;
        }
      }
      offsets[c] = bestValue;
    }
  }
  return offsets;
}
