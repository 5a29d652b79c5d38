// A whole desk for browser tests, started through the composition root like `npm start`: real store (a PGlite
// data dir or a database on the harness's PostgreSQL), ingest and outbox workers, webhooks, API and web app on
// a loopback port that is also its public URL (Twilio signatures cover it). Plus Chromium and axe-core.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import type { AgentRole } from '../../src/domain/access.js';
import type { TeamId } from '../../src/domain/ids.js';
import { createLogger, startDesk, type RunningDesk } from '../../src/main.js';
import { createAgent, type Agent, type Engine } from '../../src/store/index.js';
import { createPostgresDatabase } from '../support/databases.js';

export const PASSWORD = 'correct horse battery';
const CHROMIUM = '/usr/bin/chromium';
const INSTALL = 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-liberation';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface BrowserDesk {
  readonly url: string;
  readonly desk: RunningDesk;
  addAgent(email: string, role: AgentRole, teamIds?: readonly TeamId[]): Promise<Agent>;
  close(): Promise<void>;
}

export async function startBrowserDesk(engine: Engine): Promise<BrowserDesk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'earshot-browser-'));
  const postgres = engine === 'postgres' ? await createPostgresDatabase() : undefined;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig(
    {
      EARSHOT_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      EARSHOT_PUBLIC_URL: url,
      EARSHOT_CHANNEL_TIMEOUT_MS: '3000',
      ...(postgres ? { DATABASE_URL: postgres.url } : {}),
    },
    dataDir,
  );
  const desk = await startDesk(config, {
    role: 'all',
    log: createLogger('silent'),
    runCommand: () => async () => 1,
  });
  const { database, organisation } = desk.context;
  return {
    url,
    desk,
    addAgent: (email, role, teamIds = []) =>
      createAgent(database.db, { organisationId: organisation.id, email, name: email.split('@')[0]!.replace(/^./, (c) => c.toUpperCase()), role, password: PASSWORD, teamIds: [...teamIds] }),
    async close() {
      await desk.stop();
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Browser {
  /** A new page in its own cookie jar (one agent's session), at the smallest supported screen, 1280×720. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Debian's Chromium (playwright gives it a fresh temporary profile); never a downloaded browser. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}; install it with: ${INSTALL}`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const contexts: BrowserContext[] = [];
  return {
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      contexts.push(context);
      return context.newPage();
    },
    async close() {
      for (const c of contexts) await c.close();
      await browser.close();
    },
  };
}

export async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/** Serious and critical WCAG 2.1 A/AA violations on the page as it is now, via axe-core. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol, so the app's CSP (script-src 'self') stays on while axe runs.
  await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(`(async () => {
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => String(n.target)) }));
  })()`)) as AxeViolation[];
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Waits until `check` holds, polling; the message says what never happened. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
