import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command.js';
import { triageCommand } from '../../../src/cli/triage.js';

const dir = mkdtempSync(join(tmpdir(), 'earshot-triage-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const io: CliIo = { stdin: Readable.from([stdin]), stdout, stderr, isTTY: false, cwd: dir, env: {} };
  const code = await triageCommand.run(argv, io);
  return { code, out, err };
}

describe('earshot triage', () => {
  it('writes one JSON object per input line with every signal and its reasons', async () => {
    const { code, out } = await run(['--json'], 'I was charged twice and still waiting for a refund\nthank you, great service!\n');
    expect(code).toBe(0);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    for (const key of ['language', 'sentiment', 'emotion', 'complaint', 'intent', 'urgency', 'influence', 'pii', 'priority', 'path', 'reasons']) {
      expect(lines[0]).toHaveProperty(key);
    }
    expect(lines[0]?.['intent']).toBe('billing');
    expect(lines[1]?.['path']).toBe('thank');
  });

  it('reads JSONL with text and author from a file, skipping empty lines', async () => {
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, `${JSON.stringify({ text: 'your app is down again', author: { followers: 1_000_000, verified: true } })}\n\n`);
    const { code, out } = await run(['in.jsonl', '--json']);
    expect(code).toBe(0);
    const line = JSON.parse(out.trim()) as { influence: number; reasons: { influence: string[] } };
    expect(line.influence).toBeGreaterThan(0.9);
    expect(line.reasons.influence).toContain('verified author');
  });

  it('reports a malformed JSON line on stderr with its number, rates the rest and exits 1', async () => {
    const { code, out, err } = await run(['--json'], '{"text": 12}\nhello there, where is my parcel?\n');
    expect(code).toBe(1);
    expect(err).toMatch(/line 1: text:/);
    expect(out.trim().split('\n')).toHaveLength(1);
  });

  it('prints a readable line per message without --json, with PII masked', async () => {
    const { out } = await run([], 'my email is jane.doe@example.com please call\n');
    expect(out).toMatch(/\[email\]/);
    expect(out).not.toMatch(/jane\.doe/);
  });

  it('applies a rules file and refuses an invalid one naming the problem', async () => {
    writeFileSync(join(dir, 'rules.json'), JSON.stringify([{ id: 'parcel', when: { keywords: ['parcel'] }, then: { priority: 99 } }]));
    const { out } = await run(['--json', '--rules', 'rules.json'], 'where is my parcel\n');
    expect((JSON.parse(out.trim()) as { priority: number }).priority).toBe(99);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify([{ id: 'x', when: {}, then: {} }]));
    await expect(run(['--rules', 'bad.json'], 'x\n')).rejects.toThrow(/--rules .*bad\.json: .*at least one effect/);
  });

  it('rejects unknown flags', async () => {
    await expect(run(['--bogus'])).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
});
