// PGlite is single-process: two processes on one data dir silently lose writes (STACK.md). The lock file makes
// the second opener fail loudly, and carries the running desk's URL and a local token so the CLI can ask the
// running desk to do the work instead.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SetupError } from '../domain/errors.js';

export interface LockInfo {
  readonly pid: number;
  /** Set once the desk's HTTP server listens; absent for CLI processes holding the lock. */
  readonly url?: string;
  readonly token?: string;
}

export interface DataDirLock {
  readonly path: string;
  publish(info: { url: string; token: string }): void;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockPath(dataDir: string): string {
  return join(dataDir, 'earshot.lock');
}

/** The live holder of the lock, or null when the data dir is free (a stale lock of a dead process counts as free). */
export function readLock(dataDir: string): LockInfo | null {
  let text: string;
  try {
    text = readFileSync(lockPath(dataDir), 'utf8');
  } catch {
    return null;
  }
  let info: LockInfo;
  try {
    info = JSON.parse(text) as LockInfo;
  } catch {
    return null; // a half-written lock: its writer died between open and write
  }
  return typeof info.pid === 'number' && isAlive(info.pid) ? info : null;
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = lockPath(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid }));
      closeSync(fd);
      let released = false;
      return {
        path,
        publish(info) {
          const fdw = openSync(path, 'w', 0o600);
          writeSync(fdw, JSON.stringify({ pid: process.pid, ...info }));
          closeSync(fdw);
        },
        release() {
          if (released) return;
          released = true;
          rmSync(path, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(dataDir);
      if (holder) {
        throw new SetupError(
          'STORE_LOCKED',
          `the embedded database in ${dataDir} is in use by process ${holder.pid}${holder.url ? ` (earshot at ${holder.url})` : ''}; ` +
            'PGlite allows one process per data dir: stop that process, use another EARSHOT_DATA_DIR, or set DATABASE_URL to a PostgreSQL server',
          { details: holder },
        );
      }
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  throw new SetupError('STORE_LOCKED', `could not take the lock file ${path}`);
}
