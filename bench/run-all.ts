// `npm run bench`: every benchmark in bench/, one after another (they share two cores, so never in parallel).
// Each prints a markdown table with its figure and the reference measured in the same run; copy them to
// bench/README.md. Usage: npm run bench [-- name ...]   e.g. npm run bench -- ingest
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { nodeArgs } from '../test/support/tsx-node.js';

const BENCHES = ['ingest', 'import', 'triage', 'api', 'webhooks', 'web', 'export'] as const;
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : [...BENCHES];
let failed = 0;
for (const name of chosen) {
  const file = new URL(`./${name}.ts`, import.meta.url).pathname;
  if (!existsSync(file)) {
    console.log(`\n## ${name}: no bench/${name}.ts yet`);
    continue;
  }
  console.log(`\n## ${name}`);
  const result = spawnSync(process.execPath, nodeArgs(file, []), { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.log(`bench/${name}.ts exited ${result.status}`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
