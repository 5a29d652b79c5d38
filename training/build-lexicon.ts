// Copies the VADER word valences from the vader-sentiment package into models/lexicon.json, so serving reads
// them from models/ like every other weight and never from node_modules.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { LEXICON_FILE } from '../src/triage/model-file.js';

export function buildLexicon(outDir: string): Map<string, number> {
  const pkg = createRequire(import.meta.url).resolve('vader-sentiment/package.json');
  const bytes = readFileSync(join(dirname(pkg), 'vader_lexicon.txt'));
  const entries: Record<string, number> = {};
  for (const line of bytes.toString('utf8').split('\n')) {
    const [word, valence] = line.split('\t');
    if (word === undefined || valence === undefined || word.trim() === '') continue;
    const v = Number(valence);
    if (Number.isFinite(v)) entries[word.trim().toLowerCase()] = v;
  }
  const file = {
    source: `vader_lexicon.txt of the vader-sentiment npm package (sha256 ${createHash('sha256').update(bytes).digest('hex')}); VADER, Hutto & Gilbert, ICWSM 2014`,
    license: 'MIT (VADER lexicon), redistributed by vader-sentiment under Apache-2.0',
    entries,
  };
  writeFileSync(join(outDir, LEXICON_FILE), `${JSON.stringify(file)}\n`);
  return new Map(Object.entries(entries));
}
