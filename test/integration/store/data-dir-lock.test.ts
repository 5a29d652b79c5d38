import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EarshotError } from '../../../src/domain/errors.js';
import { acquireDataDirLock, openDatabase, readLock } from '../../../src/store/index.js';

describe('embedded data dir lock', () => {
  it('refuses a second opener of the same data dir with a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-lock-'));
    const first = await openDatabase({ databaseUrl: undefined, dataDir: dir });
    try {
      const second = openDatabase({ databaseUrl: undefined, dataDir: dir });
      await expect(second).rejects.toBeInstanceOf(EarshotError);
      await expect(second).rejects.toMatchObject({ code: 'STORE_LOCKED' });
      await expect(second).rejects.toThrow(/in use by process \d+; PGlite allows one process per data dir/);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ databaseUrl: undefined, dataDir: dir });
    await again.close();
  });

  it('takes over the stale lock of a process that no longer exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-lock-'));
    writeFileSync(join(dir, 'earshot.lock'), JSON.stringify({ pid: 2 ** 22 + 12345 }));
    expect(readLock(dir)).toBeNull();
    const lock = acquireDataDirLock(dir);
    expect(readLock(dir)?.pid).toBe(process.pid);
    lock.release();
  });

  it('publishes the running desk URL for the CLI to hand commands to', () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-lock-'));
    const lock = acquireDataDirLock(dir);
    lock.publish({ url: 'http://127.0.0.1:3999', token: 'abc' });
    expect(readLock(dir)).toEqual({ pid: process.pid, url: 'http://127.0.0.1:3999', token: 'abc' });
    lock.release();
    expect(readLock(dir)).toBeNull();
  });
});
