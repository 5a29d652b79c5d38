// `earshot channel add|list|test|remove` in-process against an embedded data dir and the fake Twilio: settings
// validated by the channel's schema, credentials encrypted at rest, the webhook URL printed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectableKinds } from '../../../src/channels/index.js';
import { runCli } from '../../../src/cli/run-cli.js';
import { openDatabase } from '../../../src/store/index.js';
import { startFakeTwilio, type FakeTwilio } from '../../fakes/twilio/server.js';

describe('earshot channel', () => {
  let dir: string;
  let fake: FakeTwilio;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-channel-cli-'));
    fake = await startFakeTwilio();
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function earshot(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    stderr.on('data', (c: Buffer) => (err += c.toString()));
    const env = { EARSHOT_DATA_DIR: join(dir, 'data'), EARSHOT_PUBLIC_URL: 'https://desk.example.com/', LOG_LEVEL: 'error' };
    const code = await runCli(argv, { stdin: new PassThrough(), stdout, stderr, isTTY: false, cwd: dir, env });
    return { code, stdout: out, stderr: err };
  }

  it('adds an account, prints its id and webhook URL, lists, tests and removes it; secrets are encrypted', async () => {
    const add = await earshot('channel', 'add', 'twilio', '--name', 'Support SMS', '--config', `accountSid=${fake.accountSid}`, '--config', `authToken=${fake.authToken}`,
      '--config', 'fromNumber=+15005550006', '--config', `apiBaseUrl=${fake.url}`, '--json');
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const added = JSON.parse(add.stdout) as { id: string; webhookUrl: string; settings: Record<string, unknown> };
    expect(added.webhookUrl).toBe(`https://desk.example.com/hooks/twilio/${added.id}`);
    expect(added.settings).not.toHaveProperty('authToken');

    const text = await earshot('channel', 'add', 'phone', '--name', 'PBX');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^added phone account "PBX"\nid {7}[0-9a-f-]{36}\nwebhook {2}https:\/\/desk\.example\.com\/hooks\/phone\/[0-9a-f-]{36}\/[0-9a-f]{64}\n$/);

    const list = JSON.parse((await earshot('channel', 'list', '--json')).stdout) as { name: string; kind: string; hasSecrets: boolean }[];
    expect(list.map((a) => [a.kind, a.name, a.hasSecrets])).toEqual([
      ['twilio', 'Support SMS', true],
      ['phone', 'PBX', true],
    ]);

    expect(await earshot('channel', 'test', 'Support SMS')).toMatchObject({ code: 0, stdout: `ok: account ${fake.accountSid} reachable\n` });

    const database = await openDatabase({ databaseUrl: undefined, dataDir: join(dir, 'data') });
    try {
      const row = await sql<{ settings: unknown; secrets: Uint8Array }>`select settings, secrets from channel_account where id = ${added.id}`.execute(database.db);
      expect(JSON.stringify(row.rows[0]!.settings)).not.toContain(fake.authToken);
      expect(Buffer.from(row.rows[0]!.secrets).toString('latin1')).not.toContain(fake.authToken);
    } finally {
      await database.close();
    }

    expect(await earshot('channel', 'remove', added.id)).toMatchObject({ code: 0, stdout: 'removed "Support SMS"\n' });
    expect(JSON.parse((await earshot('channel', 'list', '--json')).stdout)).toHaveLength(1);
  });

  it('names each bad setting and the unknown kind, with exit code 2', async () => {
    const bad = await earshot('channel', 'add', 'twilio', '--name', 'Bad', '--config', 'accountSid=XX', '--config', 'authToken=short');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('twilio account settings: accountSid: expected AC followed by 32 hex characters; authToken: expected the account auth token');
    const unknown = await earshot('channel', 'add', 'fax', '--name', 'Fax');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`channel kind "fax": expected one of ${connectableKinds().join(', ')}`);
  });
});
