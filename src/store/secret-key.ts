// The key that encrypts channel secrets at rest: from EARSHOT_SECRET_KEY, else generated once into the data dir.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SetupError } from '../domain/errors.js';

export function loadOrCreateSecretKey(dataDir: string, fromConfig: string | undefined): Buffer {
  if (fromConfig) return Buffer.from(fromConfig, 'hex');
  const path = join(dataDir, 'secret.key');
  try {
    const text = readFileSync(path, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(text)) throw new SetupError('CONFIG_INVALID', `${path}: expected 64 hex characters; restore it from backup or set EARSHOT_SECRET_KEY`);
    return Buffer.from(text, 'hex');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  // 'wx': if another starter wrote it first, its key wins and we read it back.
  try {
    writeFileSync(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  }
}
