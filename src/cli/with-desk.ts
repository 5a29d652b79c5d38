// Gives a command the desk: the running one it was handed to, or one opened for the command and closed after.
import { loadConfig } from '../config.js';
import { createLogger, openDesk, type DeskContext } from '../main.js';
import type { CliIo } from './command.js';

export async function withDesk(io: CliIo, fn: (desk: DeskContext) => Promise<number>, migrate = true): Promise<number> {
  if (io.desk) return fn(io.desk);
  const config = loadConfig(io.env, io.cwd);
  // CLI logs go to stderr so stdout stays clean for --json output.
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, io.stderr);
  const desk = await openDesk(config, { log, migrate });
  try {
    return await fn(desk);
  } finally {
    await desk.close();
  }
}
