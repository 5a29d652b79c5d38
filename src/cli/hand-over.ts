// When the embedded desk is running, it holds the data dir; a CLI command is sent to it over loopback and its
// output streamed back, instead of failing on the lock.
import { loadConfig } from '../config.js';
import { EarshotError } from '../domain/errors.js';
import { HANDOVER_TOKEN_HEADER } from '../server/index.js';
import { readLock } from '../store/index.js';
import type { CliIo } from './command.js';

/** The running embedded desk to hand over to, or null when the command should run here. */
export function runningDesk(io: CliIo): { url: string; token: string } | null {
  const config = loadConfig(io.env, io.cwd);
  if (config.databaseUrl) return null; // PostgreSQL takes many processes: no hand-over needed
  const lock = readLock(config.dataDir);
  return lock?.url && lock.token ? { url: lock.url, token: lock.token } : null;
}

export async function handOver(target: { url: string; token: string }, argv: readonly string[], io: CliIo): Promise<number> {
  let response: Response;
  try {
    response = await fetch(`${target.url}/internal/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [HANDOVER_TOKEN_HEADER]: target.token },
      body: JSON.stringify({ argv, cwd: io.cwd }),
    });
  } catch (cause) {
    throw new EarshotError('STORE_LOCKED', `the data dir is held by the desk at ${target.url}, which does not answer: ${(cause as Error).message}`, { cause });
  }
  if (!response.ok || !response.body) {
    throw new EarshotError('STORE_LOCKED', `the desk at ${target.url} refused the command: HTTP ${response.status} ${await response.text()}`);
  }
  let exitCode = 1;
  let buffered = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
      if (!line) continue;
      const event = JSON.parse(line) as { stream?: 'stdout' | 'stderr'; data?: string; exitCode?: number };
      if (event.stream && event.data !== undefined) io[event.stream].write(event.data);
      if (event.exitCode !== undefined) exitCode = event.exitCode;
    }
  }
  return exitCode;
}
