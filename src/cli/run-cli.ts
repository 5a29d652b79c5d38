// Dispatches `earshot <command> …`: usage, hand-over to a running embedded desk, and one clear line per error.
import { EarshotError, InputError, SetupError } from '../domain/errors.js';
import { channelCommand } from './channel.js';
import type { CliCommand, CliIo } from './command.js';
import { demoCommand } from './demo.js';
import { handOver, runningDesk } from './hand-over.js';
import { importCommand } from './import.js';
import { migrateCommand } from './migrate.js';
import { reportCommand } from './report.js';
import { staffingCommand } from './staffing.js';
import { startCommand } from './start.js';
import { statsCommand } from './stats.js';
import { retriageCommand } from './retriage.js';
import { tokenCommand } from './token.js';
import { userCommand } from './user.js';

export const COMMANDS: readonly CliCommand[] = [startCommand, migrateCommand, importCommand, statsCommand, reportCommand, staffingCommand, retriageCommand, demoCommand, channelCommand, userCommand, tokenCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: earshot <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'earshot <command> --help shows the options of one command.',
  ].join('\n');
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`earshot: unknown command "${name}"; commands: ${COMMANDS.map((c) => c.name).join(', ')}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n  ${command.summary}\n`);
    return 0;
  }
  try {
    if (command.usesStore && !io.desk) {
      const target = runningDesk(io);
      if (target) return await handOver(target, argv, io);
    }
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof EarshotError) {
      io.stderr.write(`earshot ${name}: ${err.message} [${err.code}]\n`);
      return err instanceof InputError ? 2 : err instanceof SetupError ? 1 : 1;
    }
    io.stderr.write(`earshot ${name}: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}
