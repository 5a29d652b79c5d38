// Runs the loaded models on one message: features are extracted once (the union of the groups the models
// read), banked models are scored in one pass over their shared table, and models that read another model's
// probabilities run after it. Eval uses this same path.
import { extractFeatures, FEATURE_GROUPS, type FeatureGroup } from './hashed-features.js';
import { addBiasAndDense, computeLogits, finishPrediction, type LinearModel, type Prediction } from './linear-model.js';
import type { ModelSet } from './load-models.js';
import { accumulateBank, bankModels, type ModelBank } from './model-bank.js';
import { LEXICON_SOURCE, lexiconFeatures } from './lexicon-features.js';
import { normalizeText } from './normalize-text.js';

export interface ModelRunner {
  /** Runs the named models (and the models they read); predictions by task name. Unknown tasks are skipped. */
  run(text: string, tasks: readonly string[]): ReadonlyMap<string, Prediction>;
}

function orderByInputs(models: ReadonlyMap<string, LinearModel>): LinearModel[] {
  const ordered: LinearModel[] = [];
  const placed = new Set<string>();
  const visit = (m: LinearModel): void => {
    if (placed.has(m.task)) return;
    const source = m.denseSource !== undefined && m.denseSource !== LEXICON_SOURCE ? models.get(m.denseSource) : undefined;
    if (source) visit(source);
    placed.add(m.task);
    ordered.push(m);
  };
  for (const m of models.values()) visit(m);
  return ordered;
}

interface Plan {
  readonly models: readonly LinearModel[];
  readonly banks: readonly ModelBank[];
  readonly groups: readonly FeatureGroup[];
}

/** The named tasks and every model they read, transitively. */
function withInputs(models: ReadonlyMap<string, LinearModel>, tasks: readonly string[]): Set<string> {
  const needed = new Set<string>();
  for (const t of tasks) {
    let m = models.get(t);
    while (m && !needed.has(m.task)) {
      needed.add(m.task);
      m = m.denseSource !== undefined ? models.get(m.denseSource) : undefined;
    }
  }
  return needed;
}

/**
 * Prepares the models for serving. With `tasks`, only those (and the models they read) are laid out, and the
 * runner keeps no reference to the loaded weight files, so they can be collected: the banks replace them.
 */
export function createModelRunner(set: ModelSet, tasks?: readonly string[]): ModelRunner {
  const kept = tasks ? withInputs(set.models, tasks) : new Set(set.models.keys());
  const banks = bankModels([...set.models.values()].filter((m) => kept.has(m.task)));
  const bankOf = new Map<string, { bank: ModelBank; offset: number }>();
  for (const bank of banks) for (const { model, offset } of bank.members) bankOf.set(model.task, { bank, offset });
  // Banked models keep their labels, bias, offsets and dense weights; their rows live in the bank.
  const models = new Map<string, LinearModel>();
  for (const m of set.models.values()) {
    if (kept.has(m.task)) models.set(m.task, bankOf.has(m.task) ? { ...m, weights: new Int8Array(0) } : m);
  }
  const lexicon = set.lexicon;
  const ordered = orderByInputs(models);
  // Plans are cached per task list: the triager passes the same array on every message, so identity comes first.
  const byArray = new WeakMap<readonly string[], Plan>();
  const plans = new Map<string, Plan>();
  const planFor = (tasks: readonly string[]): Plan => {
    const same = byArray.get(tasks);
    if (same) return same;
    const key = tasks.join(',');
    const cached = plans.get(key);
    if (cached) {
      byArray.set(tasks, cached);
      return cached;
    }
    const needed = withInputs(models, tasks);
    const chosen = ordered.filter((m) => needed.has(m.task));
    const wanted = new Set<FeatureGroup>(chosen.flatMap((m) => m.groups));
    const plan: Plan = {
      models: chosen,
      banks: [...new Set(chosen.map((m) => bankOf.get(m.task)?.bank).filter((b): b is ModelBank => b !== undefined))],
      groups: FEATURE_GROUPS.filter((g) => wanted.has(g)),
    };
    plans.set(key, plan);
    byArray.set(tasks, plan);
    return plan;
  };

  return {
    run(text, tasks) {
      const plan = planFor(tasks);
      const norm = normalizeText(text);
      const features = extractFeatures(norm, { groups: plan.groups });
      const sums = new Map<ModelBank, Float64Array>();
      for (const bank of plan.banks) {
        const out = new Float64Array(bank.width);
        accumulateBank(bank, features, out);
        sums.set(bank, out);
      }
      const predictions = new Map<string, Prediction>();
      for (const m of plan.models) {
        const dense =
          m.denseSource === LEXICON_SOURCE
            ? lexiconFeatures(norm.tokens, lexicon)
            : m.denseSource !== undefined
              ? predictions.get(m.denseSource)?.probabilities
              : undefined;
        const k = m.labels.length;
        const z = new Float64Array(k);
        const place = bankOf.get(m.task);
        const bankSums = place ? sums.get(place.bank) : undefined;
        if (place && bankSums) {
          for (let c = 0; c < k; c++) z[c] = bankSums[place.offset + c]! * m.scale;
          addBiasAndDense(m, dense, z);
        } else {
          computeLogits(m, features, dense, z);
        }
        predictions.set(m.task, finishPrediction(m, z));
      }
      return predictions;
    },
  };
}
