// Runs every loaded model on one message: features are extracted once (the union of the groups the models read)
// and models that read another model's probabilities run after it. Eval uses this same path.
import { extractFeatures, FEATURE_GROUPS, type FeatureGroup } from './hashed-features.js';
import { predict, type LinearModel, type Prediction } from './linear-model.js';
import type { ModelSet } from './load-models.js';
import { normalizeText } from './normalize-text.js';

export interface ModelRunner {
  /** Predictions by task name, for every model in the set. */
  run(text: string): ReadonlyMap<string, Prediction>;
  /** Runs the named models only (and the models they read). */
  runOnly(text: string, tasks: readonly string[]): ReadonlyMap<string, Prediction>;
}

function orderByInputs(models: ReadonlyMap<string, LinearModel>): LinearModel[] {
  const ordered: LinearModel[] = [];
  const placed = new Set<string>();
  const visit = (m: LinearModel): void => {
    if (placed.has(m.task)) return;
    const source = m.denseSource !== undefined ? models.get(m.denseSource) : undefined;
    if (source) visit(source);
    placed.add(m.task);
    ordered.push(m);
  };
  for (const m of models.values()) visit(m);
  return ordered;
}

export function createModelRunner(set: ModelSet): ModelRunner {
  const ordered = orderByInputs(set.models);
  const runSome = (text: string, models: readonly LinearModel[]): Map<string, Prediction> => {
    const wanted = new Set<FeatureGroup>();
    for (const m of models) for (const g of m.groups) wanted.add(g);
    const features = extractFeatures(normalizeText(text), { groups: FEATURE_GROUPS.filter((g) => wanted.has(g)) });
    const out = new Map<string, Prediction>();
    for (const m of models) {
      const dense = m.denseSource !== undefined ? out.get(m.denseSource)?.probabilities : undefined;
      out.set(m.task, predict(m, features, dense));
    }
    return out;
  };
  return {
    run: (text) => runSome(text, ordered),
    runOnly: (text, tasks) => {
      const needed = new Set<string>();
      for (const t of tasks) {
        let m = set.models.get(t);
        while (m && !needed.has(m.task)) {
          needed.add(m.task);
          m = m.denseSource !== undefined ? set.models.get(m.denseSource) : undefined;
        }
      }
      return runSome(text, ordered.filter((m) => needed.has(m.task)));
    },
  };
}
