// The triage folder's only I/O: reads the weight files in models/ once, at start-up, and checks them against
// their descriptions so a truncated or foreign file stops start-up instead of producing nonsense ratings.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { SetupError } from '../domain/errors.js';
import type { LinearModel } from './linear-model.js';
import { LEXICON_SOURCE } from './lexicon-features.js';
import { lexiconFileSchema, MANIFEST_FILE, manifestSchema, metaFileName, modelMetaSchema, type ModelMeta } from './model-file.js';

export interface ModelSet {
  readonly version: string;
  readonly models: ReadonlyMap<string, LinearModel>;
  readonly metas: ReadonlyMap<string, ModelMeta>;
  /** Word valences for models that read the lexicon; empty when no model does. */
  readonly lexicon: ReadonlyMap<string, number>;
}

export const DEFAULT_MODELS_DIR: string = fileURLToPath(new URL('../../models/', import.meta.url));

function readJson(path: string): unknown {
  if (!existsSync(path)) {
    throw new SetupError('TRIAGE_MODEL_MISSING', `triage model file ${path} is missing: run \`npm run train\` to build models/`, { details: { path } });
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new SetupError('TRIAGE_MODEL_INVALID', `triage model file ${path} is not valid JSON: run \`npm run train\` again`, { cause: err, details: { path } });
  }
}

function invalid(path: string, problem: string): SetupError {
  return new SetupError('TRIAGE_MODEL_INVALID', `triage model file ${path}: ${problem}; run \`npm run train\` again`, { details: { path } });
}

/** Reads one task's description and weights; `verify` re-hashes the weights (slower, used by eval and tests). */
function loadModel(dir: string, task: string, verify: boolean): { model: LinearModel; meta: ModelMeta } {
  const metaPath = join(dir, metaFileName(task));
  const parsed = modelMetaSchema.safeParse(readJson(metaPath));
  if (!parsed.success) throw invalid(metaPath, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const meta = parsed.data;
  const k = meta.labels.length;
  const weightsPath = join(dir, meta.weightsFile);
  if (!existsSync(weightsPath)) {
    throw new SetupError('TRIAGE_MODEL_MISSING', `triage weight file ${weightsPath} is missing: run \`npm run train\` to build models/`, { details: { path: weightsPath } });
  }
  const bytes = readFileSync(weightsPath);
  const expected = (1 << meta.bits) * k;
  if (bytes.length !== expected) throw invalid(weightsPath, `expected ${expected} bytes, found ${bytes.length}`);
  if (verify && createHash('sha256').update(bytes).digest('hex') !== meta.weightsSha256) throw invalid(weightsPath, 'sha256 does not match its description');
  if (meta.bias.length !== k || meta.offsets.length !== k) throw invalid(metaPath, `bias and offsets need ${k} values`);
  if ((meta.denseSource === undefined) !== (meta.denseWeights === undefined)) throw invalid(metaPath, 'denseSource and denseWeights go together');
  const weights = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const model: LinearModel = {
    task: meta.task,
    labels: meta.labels,
    bits: meta.bits,
    groups: meta.groups,
    weights,
    scale: meta.scale,
    bias: Float32Array.from(meta.bias),
    offsets: Float32Array.from(meta.offsets),
    ...(meta.denseSource !== undefined && meta.denseWeights !== undefined
      ? { denseSource: meta.denseSource, denseWeights: Float32Array.from(meta.denseWeights) }
      : {}),
  };
  return { model, meta };
}

/** Loads every model the manifest in `dir` names. Throws SetupError when a file is missing or malformed. */
export function loadModelSet(dir: string = DEFAULT_MODELS_DIR, options: { verify?: boolean } = {}): ModelSet {
  const manifestPath = join(dir, MANIFEST_FILE);
  const manifest = manifestSchema.safeParse(readJson(manifestPath));
  if (!manifest.success) throw invalid(manifestPath, manifest.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const models = new Map<string, LinearModel>();
  const metas = new Map<string, ModelMeta>();
  for (const task of manifest.data.tasks) {
    const { model, meta } = loadModel(dir, task, options.verify ?? false);
    models.set(task, model);
    metas.set(task, meta);
  }
  let lexicon = new Map<string, number>();
  if (manifest.data.lexicon !== undefined) {
    const lexiconPath = join(dir, manifest.data.lexicon);
    const parsed = lexiconFileSchema.safeParse(readJson(lexiconPath));
    if (!parsed.success) throw invalid(lexiconPath, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    lexicon = new Map(Object.entries(parsed.data.entries));
  }
  for (const model of models.values()) {
    if (model.denseSource === LEXICON_SOURCE) {
      if (lexicon.size === 0) throw invalid(join(dir, metaFileName(model.task)), 'reads the lexicon, which the manifest does not name');
    } else if (model.denseSource !== undefined && !models.has(model.denseSource)) {
      throw invalid(join(dir, metaFileName(model.task)), `reads the outputs of ${model.denseSource}, which the manifest does not list`);
    }
  }
  return { version: manifest.data.version, models, metas, lexicon };
}
