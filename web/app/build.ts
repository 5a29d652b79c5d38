// Builds the agent app when its bundle is missing or older than its sources, so `npm start` (prestart) and
// `npm test` (vitest globalSetup) always serve the current app without a separate build step to remember.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
export const WEB_APP_DIST = join(ROOT, 'dist');
const SOURCES = ['src', 'index.html', 'vite.config.ts', 'tsconfig.json'];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when dist/index.html is missing or older than any source file. */
export function isWebAppStale(): boolean {
  const index = join(WEB_APP_DIST, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((s) => existsSync(join(ROOT, s)) && newestMtime(join(ROOT, s)) > built);
}

export async function buildWebAppIfStale(): Promise<'built' | 'fresh'> {
  if (!isWebAppStale()) return 'fresh';
  const { build } = await import('vite');
  // Vite follows NODE_ENV, and vitest sets it to `test`: the served bundle must be the production one regardless.
  const before = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({ configFile: join(ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    if (before === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = before;
  }
  return 'built';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outcome = await buildWebAppIfStale();
  process.stdout.write(outcome === 'built' ? 'web app built into web/app/dist\n' : 'web app is up to date\n');
}
