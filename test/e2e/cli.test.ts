// The real `earshot` process: `npm start`'s command on a fresh embedded data dir, then other commands handed over
// to it while it holds the data dir, as a user would run them in a second terminal.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeArgs } from '../support/tsx-node.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TWCS_SAMPLE } from '../support/twcs.js';

const CLI = new URL('../../src/cli/index.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'earshot-e2e-'));
const env = { ...process.env, EARSHOT_DATA_DIR: join(dir, 'data'), PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: '' };

function earshot(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs(CLI, args), { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('earshot CLI against a running embedded desk', () => {
  let desk: ChildProcess;
  let url = '';
  let deskOutput = '';

  beforeAll(async () => {
    desk = spawn(process.execPath, nodeArgs(CLI, ['start']), { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`desk did not print its URL: ${deskOutput}`)), 60_000);
      const onData = (c: Buffer) => {
        deskOutput += c.toString();
        const m = /listening at (http:\/\/\S+)/.exec(deskOutput);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      desk.stdout!.on('data', onData);
      desk.stderr!.on('data', onData);
      desk.on('exit', (code) => reject(new Error(`desk exited ${code}: ${deskOutput}`)));
    });
  });

  afterAll(() => {
    if (desk.exitCode === null) desk.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints its URL and a hint on an empty desk, and answers /healthz', async () => {
    expect(deskOutput).toMatch(/embedded database in .*data/);
    await expect.poll(() => deskOutput, { timeout: 10_000 }).toMatch(/the desk is empty/);
    expect(deskOutput).not.toMatch(/Deprecation|Warning/);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: { engine: 'pglite', reachable: true, pendingMigrations: [] } });
  });

  it('hands demo, stats and import to the running desk instead of failing on its lock', async () => {
    const demo = await earshot(['demo', '--messages', '300']);
    expect(demo.stderr).not.toMatch(/STORE_LOCKED/);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/demo data: 300 messages in \d+ conversations across 5 channel accounts/);

    const imported = await earshot(['import', TWCS_SAMPLE, '--format', 'twcs', '--account', 'twitter archive']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/imported 5000 new rows \(5000 messages processed\)/);
    expect(imported.stdout).toMatch(/rejected: {3}0/);

    const stats = await earshot(['stats', '--json']);
    expect(stats.code).toBe(0);
    const parsed = JSON.parse(stats.stdout) as { messages: number; byAccount: { channelAccount: string; firstResponseP50Seconds: number | null }[] };
    expect(parsed.messages).toBe(5300);
    expect(parsed.byAccount.find((a) => a.channelAccount === 'twitter archive')?.firstResponseP50Seconds).toBeGreaterThan(0);
  });

  it('refuses a second desk on the same data dir with a clear error', async () => {
    const second = await earshot(['start']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/in use by process \d+ \(earshot at http:\/\/127\.0\.0\.1:\d+\); PGlite allows one process per data dir: .*\[STORE_LOCKED\]/);
  });

  it('answers a usage error with exit code 2 and the expected values', async () => {
    const bad = await earshot(['import', 'x.csv', '--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format: expected one of twcs, csv, jsonl/);
  });

  it('shuts down cleanly on SIGTERM and releases the data dir', async () => {
    const exited = new Promise<number | null>((resolve) => desk.on('exit', resolve));
    desk.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(dir, 'data', 'earshot.lock'))).toBe(false);
  });
});
