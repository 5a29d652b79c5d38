// bench/triage: full triage of realistic messages on one thread (messages/s per core), model load time and the
// memory the loaded models take, beside the VADER lexicon's speed on the same texts in the same run.
// Usage: npx tsx bench/triage.ts [--messages N] [--write]   (--write puts the table into bench/README.md)
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import vader from 'vader-sentiment';
import { createLexiconTriager, loadTriager } from '../src/triage/index.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '100000' }, write: { type: 'boolean', default: false } } });
const N = Number(values.messages);
const DATA = new URL('../../shared/data/', import.meta.url).pathname;

// Realistic texts: the inbound customer tweets of the TWCS sample, and TweetEval sentiment test tweets.
const twcs = (parse(readFileSync(`${DATA}twcs-sample/twcs_sample.csv`), { columns: true }) as { inbound: string; text: string }[])
  .filter((r) => r.inbound === 'True')
  .map((r) => r.text);
const tweets = readFileSync(`${DATA}tweeteval-sentiment/test.jsonl`, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .slice(0, 3000)
  .map((l) => (JSON.parse(l) as { text: string }).text);
const texts = [...twcs, ...tweets];
type Triager = ReturnType<typeof loadTriager>;
type TriageInput = Parameters<Triager['triage']>[0];

const inputs: TriageInput[] = texts.map((text, i) => ({ text, author: { followers: (i * 7919) % 100_000, verified: i % 50 === 0 }, isPublic: i % 5 !== 0 }));
const meanChars = texts.reduce((a, t) => a + t.length, 0) / texts.length;

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function rate(name: string, f: (input: TriageInput) => unknown): number {
  const warm = Math.min(5000, N);
  for (let i = 0; i < warm; i++) f(inputs[i % inputs.length]!);
  const started = process.hrtime.bigint();
  for (let i = 0; i < N; i++) f(inputs[i % inputs.length]!);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const perSecond = N / seconds;
  console.log(`${name}: ${Math.round(perSecond).toLocaleString('en')} messages/s (${((seconds * 1e6) / N).toFixed(1)} µs each)`);
  return perSecond;
}

globalThis.gc?.();
const before = process.memoryUsage();
const loadStarted = performance.now();
const triager: Triager = loadTriager();
const loadMs = performance.now() - loadStarted;
globalThis.gc?.();
const after = process.memoryUsage();
// arrayBuffers is part of external; heap + array buffers is what the loaded models hold.
const modelBytes = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
const withClinc = loadTriager({ fineIntentTasks: ['banking77', 'clinc150'] });

console.log(`${texts.length} texts (${twcs.length} TWCS inbound, ${tweets.length} TweetEval), mean ${meanChars.toFixed(0)} chars; ${N} messages per run`);
const full = rate('full triage (default: banking77 fine intents)', (x) => triager.triage(x));
const fullClinc = rate('full triage with clinc150 as well', (x) => withClinc.triage(x));
const lexicon = createLexiconTriager();
const lex = rate('lexicon triager (franc + VADER + rules)', (x) => lexicon.triage(x));
const vaderRate = rate('VADER sentiment only (vader-sentiment)', (x) => vader.SentimentIntensityAnalyzer.polarity_scores(x.text));
const rss = process.memoryUsage().rss;

const load = loadavg().map((x) => x.toFixed(2)).join(' / ');
const table = `Measured ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, one thread on a ${cpus().length}-core ${cpus()[0]?.model ?? 'CPU'} (load average ${load} at the end, 1/5/15 min; other work shared the box), model set \`${triager.version}\`;
${texts.length} realistic texts (${twcs.length} inbound TWCS customer tweets, ${tweets.length} TweetEval tweets; mean ${meanChars.toFixed(0)} characters), ${N.toLocaleString('en')} messages per run.
Command: \`npx tsx --expose-gc bench/triage.ts --write\`.

| what | messages/s per core | µs per message |
|---|---:|---:|
| earshot full triage (all signals, banking77 intents) — target ≥ 20,000 | **${Math.round(full).toLocaleString('en')}** | ${(1e6 / full).toFixed(1)} |
| earshot full triage, clinc150 intents as well | ${Math.round(fullClinc).toLocaleString('en')} | ${(1e6 / fullClinc).toFixed(1)} |
| lexicon triager (franc-min + VADER + keyword rules, the fallback) | ${Math.round(lex).toLocaleString('en')} | ${(1e6 / lex).toFixed(1)} |
| VADER sentiment alone (vader-sentiment 1.1) | ${Math.round(vaderRate).toLocaleString('en')} | ${(1e6 / vaderRate).toFixed(1)} |

| model load | |
|---|---:|
| load time (read + check all weight files) | ${loadMs.toFixed(0)} ms |
| memory of the loaded models (heap + array buffers) | ${mb(modelBytes)} |
| process RSS after the runs | ${mb(rss)} |
`;
console.log(`\n${table}`);
if (values.write) {
  const readme = new URL('./README.md', import.meta.url);
  const marked = /<!-- triage:begin -->[\s\S]*<!-- triage:end -->/;
  const text = readFileSync(readme, 'utf8');
  if (!marked.test(text)) throw new Error('bench/README.md has no <!-- triage:begin --> … <!-- triage:end --> block');
  writeFileSync(readme, text.replace(marked, `<!-- triage:begin -->\n${table}<!-- triage:end -->`));
}
