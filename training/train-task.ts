// Trains one task: features, grid search on validation, int8 quantisation, offsets, and its two files in models/.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFeatures, extractFeatures, type FeatureGroup } from '../src/triage/hashed-features.js';
import { computeLogits, predict, type LinearModel } from '../src/triage/linear-model.js';
import { loadModelSet } from '../src/triage/load-models.js';
import { MODEL_FORMAT, metaFileName, weightsFileName, type ModelMeta } from '../src/triage/model-file.js';
import { normalizeText } from '../src/triage/normalize-text.js';
import { LEXICON_DIM, LEXICON_SOURCE, lexiconFeatures } from '../src/triage/lexicon-features.js';
import { quantise } from './quantise.js';
import { readDataset, type LabelledRow } from './read-dataset.js';
import type { TaskSpec } from './tasks.js';
import { trainLinear, type Example } from './train-linear.js';
import { tuneOffsets } from './tune-offsets.js';

export interface TrainContext {
  readonly outDir: string;
  readonly seed: number;
  /** Models trained in this run, by task, so later tasks can read their outputs. */
  readonly trained: Map<string, LinearModel>;
  readonly lexicon: ReadonlyMap<string, number>;
}

function sourceModel(task: string, ctx: TrainContext): LinearModel {
  const inMemory = ctx.trained.get(task);
  if (inMemory) return inMemory;
  const loaded = loadModelSet(ctx.outDir).models.get(task);
  if (!loaded) throw new Error(`model ${task} is needed as an input; train it first`);
  ctx.trained.set(task, loaded);
  return loaded;
}

type DenseInput = LinearModel | { readonly lexicon: ReadonlyMap<string, number> } | undefined;

function toExamples(rows: readonly LabelledRow[], labels: readonly string[], groups: readonly FeatureGroup[], dense: DenseInput): Example[] {
  return rows.map((r) => {
    const norm = normalizeText(r.text);
    const label = labels.indexOf(r.label);
    if (label < 0) throw new Error(`unknown label ${r.label}`);
    const denseInput =
      dense === undefined
        ? undefined
        : 'lexicon' in dense
          ? lexiconFeatures(norm.tokens, dense.lexicon)
          : Float64Array.from(predict(dense, extractFeatures(norm, { groups: dense.groups })).probabilities);
    const features = copyFeatures(extractFeatures(norm, { groups }));
    return denseInput ? { features, label, dense: denseInput } : { features, label };
  });
}

function logitsOf(model: LinearModel, examples: readonly Example[]): Float64Array[] {
  return examples.map((e) => {
    const z = new Float64Array(model.labels.length);
    computeLogits(model, e.features, e.dense, z);
    return z;
  });
}

export function argmaxWithOffsets(logits: readonly Float64Array[], offsets: ArrayLike<number>): Int32Array {
  const out = new Int32Array(logits.length);
  logits.forEach((z, i) => {
    let best = 0;
    let bestValue = -Infinity;
    for (let c = 0; c < z.length; c++) {
      const v = (z[c] ?? 0) + (offsets[c] ?? 0);
      if (v > bestValue) {
        bestValue = v;
        best = c;
      }
    }
    out[i] = best;
  });
  return out;
}

export function trainTask(spec: TaskSpec, ctx: TrainContext): ModelMeta {
  const { outDir, seed } = ctx;
  const started = performance.now();
  const train = readDataset(spec.dataset, 'train');
  const validation = readDataset(spec.dataset, 'validation');
  const labels = [...new Set(train.rows.map((r) => r.label))].sort();
  const dense: DenseInput = spec.dense === LEXICON_SOURCE ? { lexicon: ctx.lexicon } : spec.dense !== undefined ? sourceModel(spec.dense, ctx) : undefined;
  const denseSource = spec.dense;
  const denseDim = dense === undefined ? undefined : 'lexicon' in dense ? LEXICON_DIM : dense.labels.length;
  const trainExamples = toExamples(train.rows, labels, spec.groups, dense);
  const validationExamples = toExamples(validation.rows, labels, spec.groups, dense);
  const gold = Int32Array.from(validationExamples, (e) => e.label);
  const featureSeconds = (performance.now() - started) / 1000;
  const zero = new Float32Array(labels.length);

  let best: { score: number; lambda: number; balanced: boolean; epochs: number; weights: Float32Array; bias: Float32Array; dense?: Float32Array } | undefined;
  for (const lambda of spec.lambdas) {
    for (const balanced of spec.balanced) {
      trainLinear(trainExamples, {
        task: spec.task, labels, bits: spec.bits, groups: spec.groups, lambda, epochs: spec.maxEpochs, balanced, seed, lr0: spec.lr0,
        ...(denseSource !== undefined && denseDim !== undefined ? { denseSource, denseDim } : {}),
        onEpoch: (epochs, model) => {
          const score = spec.metric(gold, argmaxWithOffsets(logitsOf(model, validationExamples), zero), labels);
          if (best === undefined || score > best.score) {
            const weights = (model.weights as Float32Array).map((x) => x * model.scale);
            best = { score, lambda, balanced, epochs, weights, bias: model.bias.slice(), ...(model.denseWeights ? { dense: model.denseWeights.slice() } : {}) };
          }
        },
      });
      console.log(`  ${spec.task}: λ=${lambda} balanced=${balanced} → best so far ${best?.score.toFixed(2)} (λ=${best?.lambda}, epochs=${best?.epochs})`);
    }
  }
  if (best === undefined) throw new Error(`no model trained for ${spec.task}`);
  const single = best;

  // Seed averaging: the chosen setting is trained again with other shuffles and the weights averaged (for a
  // linear model, the same as averaging logits). Small data sets otherwise swing by a point or two with the seed.
  const weights = single.weights.slice();
  const bias = single.bias.slice();
  const denseSum = single.dense?.slice();
  for (let extra = 1; extra < spec.seeds; extra++) {
    trainLinear(trainExamples, {
      task: spec.task, labels, bits: spec.bits, groups: spec.groups, lambda: single.lambda, epochs: single.epochs, balanced: single.balanced,
      seed: seed + extra, lr0: spec.lr0,
      ...(denseSource !== undefined && denseDim !== undefined ? { denseSource, denseDim } : {}),
      onEpoch: (epochs, model) => {
        if (epochs !== single.epochs) return;
        for (let i = 0; i < weights.length; i++) weights[i]! += model.weights[i]! * model.scale;
        for (let c = 0; c < bias.length; c++) bias[c]! += model.bias[c]!;
        if (denseSum && model.denseWeights) for (let i = 0; i < denseSum.length; i++) denseSum[i]! += model.denseWeights[i]!;
      },
    });
  }
  const n = spec.seeds;
  const averaged = {
    weights: weights.map((x) => x / n),
    bias: bias.map((x) => x / n),
    ...(denseSum ? { dense: denseSum.map((x) => x / n) } : {}),
  };
  const averagedModel: LinearModel = {
    task: spec.task, labels, bits: spec.bits, groups: spec.groups, weights: averaged.weights, scale: 1, bias: averaged.bias, offsets: zero,
    ...(denseSource !== undefined && averaged.dense ? { denseSource, denseWeights: averaged.dense } : {}),
  };
  const averagedScore = spec.metric(gold, argmaxWithOffsets(logitsOf(averagedModel, validationExamples), zero), labels);
  const chosen = { ...single, ...averaged, score: averagedScore };

  // int8 weights: the clipping point is chosen on validation, since a few large weights would otherwise flatten the rest.
  const float: LinearModel = {
    task: spec.task, labels, bits: spec.bits, groups: spec.groups, weights: chosen.weights, scale: 1, bias: chosen.bias, offsets: zero,
    ...(denseSource !== undefined && chosen.dense ? { denseSource, denseWeights: chosen.dense } : {}),
  };
  const q = quantise(float, (m) => spec.metric(gold, argmaxWithOffsets(logitsOf(m, validationExamples), zero), labels));
  const logits = logitsOf(q.model, validationExamples);
  const offsets = tuneOffsets(logits, labels, spec.offsets, (o) => spec.metric(gold, argmaxWithOffsets(logits, o), labels));
  const finalModel: LinearModel = { ...q.model, offsets: Float32Array.from(offsets) };
  const finalScore = spec.metric(gold, argmaxWithOffsets(logits, offsets), labels);
  ctx.trained.set(spec.task, finalModel);

  const weightsBytes = Buffer.from(q.model.weights.buffer, q.model.weights.byteOffset, q.model.weights.byteLength);
  writeFileSync(join(outDir, weightsFileName(spec.task)), weightsBytes);
  const trainingSeconds = (performance.now() - started) / 1000;
  const round = (x: number): number => Math.round(x * 1e6) / 1e6;
  const meta: ModelMeta = {
    format: MODEL_FORMAT,
    task: spec.task,
    labels,
    bits: spec.bits,
    groups: [...spec.groups],
    scale: q.model.scale,
    bias: Array.from(q.model.bias, round),
    offsets: offsets.map(round),
    ...(denseSource !== undefined && q.model.denseWeights ? { denseSource, denseWeights: Array.from(q.model.denseWeights, round) } : {}),
    weightsFile: weightsFileName(spec.task),
    weightsSha256: createHash('sha256').update(weightsBytes).digest('hex'),
    dataset: spec.dataset,
    trainSha256: train.sha256,
    validationSha256: validation.sha256,
    hyperParameters: {
      lambda: chosen.lambda, balanced: chosen.balanced, epochs: chosen.epochs, seed, lr0: spec.lr0, bits: spec.bits,
      groups: [...spec.groups], lambdaGrid: spec.lambdas.join(' '), maxEpochs: spec.maxEpochs, quantileClip: q.quantile,
      seedsAveraged: spec.seeds,
    },
    validation: { [spec.metricName]: round(finalScore), beforeOffsets: round(q.score), float: round(chosen.score), singleSeed: round(single.score) },
    trainingSeconds: Math.round(trainingSeconds * 10) / 10,
  };
  writeFileSync(join(outDir, metaFileName(spec.task)), `${JSON.stringify(meta, null, 1)}\n`);
  console.log(`${spec.task}: validation ${spec.metricName} ${finalScore.toFixed(2)} (one seed ${single.score.toFixed(2)}, ${spec.seeds} averaged ${chosen.score.toFixed(2)}, int8 ${q.score.toFixed(2)}); features ${featureSeconds.toFixed(1)} s, total ${trainingSeconds.toFixed(1)} s`);
  return meta;
}

