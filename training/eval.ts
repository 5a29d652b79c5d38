// `npm run eval`: scores the shipped models in models/ on each data set's test split with its published metric,
// through the same code path the desk serves with, beside the published references and the JavaScript
// baselines measured in the same run; prints the table and writes it into models/README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { franc } from 'franc-min';
import vader from 'vader-sentiment';
import { rateLanguage } from '../src/triage/language-signal.js';
import { createModelRunner } from '../src/triage/run-models.js';
import { DEFAULT_MODELS_DIR, loadModelSet } from '../src/triage/load-models.js';
import { scoreClassification, scoreOutOfScope } from './metrics.js';
import { readDataset } from './read-dataset.js';
import { REFERENCES } from './references.js';

const set = loadModelSet(DEFAULT_MODELS_DIR, { verify: true });
const runner = createModelRunner(set);
const rows: string[][] = [];
const details: string[] = [];

function fmt(x: number): string {
  return x.toFixed(2);
}

for (const ref of REFERENCES) {
  const model = set.models.get(ref.task);
  if (!model) {
    rows.push([ref.task, ref.metric, 'not trained', ref.target, ref.linearBaseline, '–', ref.simple, ref.strong]);
    continue;
  }
  const test = readDataset(ref.dataset, 'test');
  const labels = model.labels;
  const gold = Int32Array.from(test.rows, (r) => labels.indexOf(r.label));
  const started = performance.now();
  const predicted = Int32Array.from(test.rows, (r) => runner.run(r.text, [ref.task]).get(ref.task)?.index ?? 0);
  const perMessageUs = ((performance.now() - started) * 1000) / test.rows.length;
  const s = scoreClassification(gold, predicted, labels.length);
  let ours: string;
  let baseline = '–';
  let met: boolean;
  if (ref.task === 'clinc150') {
    const o = scoreOutOfScope(gold, predicted, labels.indexOf('oos'));
    ours = `${fmt(o.inScopeAccuracy)} / ${fmt(o.oosRecall)}`;
    met = o.inScopeAccuracy >= 92 && o.oosRecall >= 40;
  } else if (ref.task === 'irony') {
    const f = s.f1[labels.indexOf('irony')] ?? 0;
    ours = fmt(f);
    met = f >= 64;
  } else {
    const value = ref.task === 'sentiment' ? s.macroRecall : ref.task === 'banking77' || ref.task === 'language' ? s.accuracy : s.macroF1;
    ours = fmt(value);
    met = value >= Number(ref.target.replace(/[^\d.]/g, ''));
  }
  if (ref.task === 'sentiment') {
    // VADER (vader-sentiment on npm) with its documented ±0.05 compound thresholds.
    const v = Int32Array.from(test.rows, (r) => {
      const c = vader.SentimentIntensityAnalyzer.polarity_scores(r.text).compound;
      return labels.indexOf(c >= 0.05 ? 'positive' : c <= -0.05 ? 'negative' : 'neutral');
    });
    baseline = `VADER ${fmt(scoreClassification(gold, v, labels.length).macroRecall)}`;
  }
  if (ref.task === 'language') {
    // franc-min restricted to the eight languages of the set (romanised Hindi is outside its Devanagari model).
    const iso: Record<string, string> = { arb: 'ar', deu: 'de', eng: 'en', spa: 'es', fra: 'fr', hin: 'hi', ita: 'it', por: 'pt' };
    const f = Int32Array.from(test.rows, (r) => labels.indexOf(iso[franc(r.text, { only: Object.keys(iso), minLength: 1 })] ?? 'en'));
    baseline = `franc-min ${fmt(scoreClassification(gold, f, labels.length).accuracy)}`;
    // The desk shows the language signal, which adds the script and romanised-Hindi checks and says "unknown"
    // for short or unclear text; scored here with "unknown" counted as wrong.
    let right = 0;
    let unknown = 0;
    test.rows.forEach((r) => {
      const value = rateLanguage(r.text, runner.run(r.text, ['language']).get('language'), labels).value;
      if (value === r.label) right++;
      if (value === 'unknown') unknown++;
    });
    const signalAccuracy = (100 * right) / test.rows.length;
    const answered = test.rows.length - unknown;
    details.push(
      `| language signal (model + script and Hindi-word checks; "unknown" counted wrong) | ${fmt(signalAccuracy)} | – | – | ${test.rows.length} | says "unknown" for ${fmt((100 * unknown) / test.rows.length)}%; ${fmt((100 * right) / Math.max(1, answered))}% right when it answers |`,
    );
    ours = `${ours} (signal ${fmt(signalAccuracy)})`;
    met = met || signalAccuracy >= 96;
  }
  rows.push([ref.task, ref.metric, `**${ours}**${met ? '' : ' (below target)'}`, ref.target, ref.linearBaseline, baseline, ref.simple, ref.strong]);
  details.push(`| ${ref.task} | ${fmt(s.accuracy)} | ${fmt(s.macroRecall)} | ${fmt(s.macroF1)} | ${test.rows.length} | ${perMessageUs.toFixed(1)} |`);
}

const header = ['task', 'metric (test split)', 'earshot', 'target', 'plain hashed LR (data README)', 'JS baseline, same run', 'published simple', 'published strong'];
const table = [
  `| ${header.join(' | ')} |`,
  `|${header.map(() => '---').join('|')}|`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
const detailTable = ['| task | accuracy | macro-recall | macro-F1 | test rows | µs/message (this task alone) |', '|---|---:|---:|---:|---:|---:|', ...details].join('\n');
const output = `Model set \`${set.version}\`, test splits, measured ${new Date().toISOString().slice(0, 10)} on Node ${process.version}.\n\n${table}\n\nOther metrics on the same test splits:\n\n${detailTable}\n`;
console.log(output);

const readmePath = join(DEFAULT_MODELS_DIR, 'README.md');
const BEGIN = '<!-- eval:begin -->';
const END = '<!-- eval:end -->';
let readme = '';
try {
  readme = readFileSync(readmePath, 'utf8');
} catch {
  readme = `# models\n\n${BEGIN}\n${END}\n`;
}
const from = readme.indexOf(BEGIN);
const to = readme.indexOf(END);
if (from >= 0 && to > from) {
  writeFileSync(readmePath, `${readme.slice(0, from + BEGIN.length)}\n${output}${readme.slice(to)}`);
  console.log(`wrote the table into ${readmePath}`);
}
