// bench/import: `earshot import` of a generated 1,000,000-row TWCS archive, run as its own process so its
// memory is measured alone: elapsed time, rows/s, and RSS sampled every second (peak and by progress quarter,
// to show it stays flat). Usage: npx tsx bench/import.ts [--rows N] [--engine postgres|pglite|both]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startPostgres } from '../test/support/postgres-server.js';
import { nodeArgs } from '../test/support/tsx-node.js';
import { writeTwcsArchive } from './generate.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, engine: { type: 'string', default: 'both' } } });
const ROWS = Number(values.rows);
const CLI = new URL('../src/cli/index.ts', import.meta.url).pathname;

function rssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

interface Result {
  engine: string;
  seconds: number;
  peakMb: number;
  quarters: number[];
  summary: string;
}

async function runImport(engine: string, env: NodeJS.ProcessEnv, file: string): Promise<Result> {
  const started = performance.now();
  const child = spawn(process.execPath, nodeArgs(CLI, ['import', file, '--format', 'twcs', '--account', 'bench archive']), {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let progressLines = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => {
    progressLines += c.toString();
    process.stderr.write(c);
  });
  const samples: { t: number; mb: number; percent: number }[] = [];
  const timer = setInterval(() => {
    const mb = rssMb(child.pid!);
    const percent = Number([...progressLines.matchAll(/import: (\d+)%/g)].at(-1)?.[1] ?? 0);
    if (mb !== null) samples.push({ t: performance.now() - started, mb, percent });
  }, 1000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`earshot import exited ${code}: ${progressLines.slice(-2000)}`);
  const quarter = (q: number) => Math.max(0, ...samples.filter((s) => s.percent >= q * 25 - 25 && s.percent < q * 25 + (q === 4 ? 1 : 0)).map((s) => s.mb));
  return {
    engine,
    seconds: (performance.now() - started) / 1000,
    peakMb: Math.max(...samples.map((s) => s.mb)),
    quarters: [1, 2, 3, 4].map(quarter),
    summary: out.trim().split('\n')[0] ?? '',
  };
}

const dir = mkdtempSync(join(tmpdir(), 'earshot-bench-import-'));
const file = join(dir, 'archive.csv');
const results: Result[] = [];
try {
  const bytes = await writeTwcsArchive(file, ROWS);
  console.error(`generated ${ROWS} rows (${(bytes / 1e6).toFixed(0)} MB) in ${file}`);
  if (values.engine === 'both' || values.engine === 'postgres') {
    const server = await startPostgres({ durable: true });
    try {
      results.push(await runImport('PostgreSQL 15', { DATABASE_URL: server.url, EARSHOT_DATA_DIR: join(dir, 'pg-data') }, file));
    } finally {
      server.stop();
    }
  }
  if (values.engine === 'both' || values.engine === 'pglite') {
    results.push(await runImport('PGlite (embedded)', { EARSHOT_DATA_DIR: join(dir, 'pglite-data') }, file));
  }
  console.log(`\nimport of ${ROWS.toLocaleString('en')} TWCS rows (${(statSync(file).size / 1e6).toFixed(0)} MB), ${new Date().toISOString()}`);
  console.log('| engine | time | rows/s | peak RSS | max RSS by progress quarter (0-25-50-75-100%) |');
  console.log('|---|---:|---:|---:|---|');
  for (const r of results) {
    console.log(`| ${r.engine} | ${r.seconds.toFixed(0)} s | ${Math.round(ROWS / r.seconds).toLocaleString('en')} | ${r.peakMb.toFixed(0)} MB | ${r.quarters.map((q) => q.toFixed(0)).join(' / ')} MB |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
