// `npm run train [-- --only a,b] [--seed N] [--out DIR]`: trains every triage model on the train split of
// ../shared/data, picks settings on the validation split only, quantises to int8 and writes models/.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { LinearModel } from '../src/triage/linear-model.js';
import { DEFAULT_MODELS_DIR } from '../src/triage/load-models.js';
import { LEXICON_FILE, MANIFEST_FILE, MODEL_FORMAT, metaFileName, modelMetaSchema, type Manifest } from '../src/triage/model-file.js';
import { buildLexicon } from './build-lexicon.js';
import { TASKS } from './tasks.js';
import { trainTask } from './train-task.js';

const { values } = parseArgs({ options: { only: { type: 'string' }, seed: { type: 'string', default: '13' }, out: { type: 'string' } } });
const seed = Number(values.seed);
const outDir = values.out ?? DEFAULT_MODELS_DIR;
const only = values.only?.split(',');
mkdirSync(outDir, { recursive: true });
const ctx = { outDir, seed, trained: new Map<string, LinearModel>(), lexicon: buildLexicon(outDir) };

const started = performance.now();
for (const spec of TASKS) if (!only || only.includes(spec.task)) trainTask(spec, ctx);
const seconds = (performance.now() - started) / 1000;

// The manifest lists every model present, so `--only` retrains one model without dropping the others.
const present = TASKS.map((t) => t.task).filter((t) => existsSync(join(outDir, metaFileName(t))));
const versionHash = createHash('sha256');
let totalSeconds = 0;
versionHash.update(readFileSync(join(outDir, LEXICON_FILE)));
for (const task of present) {
  const meta = modelMetaSchema.parse(JSON.parse(readFileSync(join(outDir, metaFileName(task)), 'utf8')));
  versionHash.update(JSON.stringify([meta.weightsSha256, meta.bias, meta.offsets, meta.denseWeights ?? null, meta.hyperParameters, meta.scale]));
  totalSeconds += meta.trainingSeconds;
}
const manifest: Manifest = {
  format: MODEL_FORMAT,
  version: `linear-${versionHash.digest('hex').slice(0, 12)}`,
  tasks: present,
  seed,
  trainingSeconds: Math.round(totalSeconds * 10) / 10,
  lexicon: LEXICON_FILE,
};
writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
console.log(`trained ${only ? only.join(', ') : 'all models'} in ${seconds.toFixed(1)} s; model set ${manifest.version} in ${outDir}`);
