// earshot start [--role all|api|worker]: the desk. `all` (the default, and `npm start`) runs the API and the
// workers in one process on the embedded database; with DATABASE_URL, api and worker processes scale apart.
import { z } from 'zod';
import { loadConfig } from '../config.js';
import { collectStats } from '../insights/index.js';
import { createLogger, DESK_ROLES, startDesk } from '../main.js';
import type { CliCommand } from './command.js';
import { parseCommandArgs } from './parse-args.js';

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'run the desk: HTTP API and web app, and the ingest workers',
  usage: 'earshot start [--role all|api|worker]',
  async run(argv, io) {
    const a = parseCommandArgs(
      'start',
      argv,
      { role: { type: 'string' } },
      z.object({ role: z.enum(DESK_ROLES, { message: `expected one of ${DESK_ROLES.join(', ')}` }).default('all'), positionals: z.array(z.string()).max(0) }),
    );
    const config = loadConfig(io.env, io.cwd);
    if (a.role !== 'all' && !config.databaseUrl) {
      io.stderr.write(`earshot start --role ${a.role} needs DATABASE_URL: the embedded database allows one process, so run --role all\n`);
      return 2;
    }
    const log = createLogger(config.logLevel);
    const { runCli } = await import('./run-cli.js');
    const desk = await startDesk(config, {
      role: a.role,
      log,
      runCommand: (context) => (commandArgv, commandIo) =>
        runCli(commandArgv, { ...commandIo, stdin: process.stdin, isTTY: false, desk: context, env: io.env }),
    });
    const where = config.databaseUrl ? 'PostgreSQL' : `embedded database in ${config.dataDir}`;
    if (desk.url) io.stdout.write(`earshot is listening at ${desk.url} (${where})\n  health: ${desk.url}/healthz\n`);
    else io.stdout.write(`earshot worker is running (${where})\n`);
    const stats = await collectStats(desk.context.database);
    if (stats.messages === 0 && desk.url) io.stdout.write('  the desk is empty: `npm run earshot -- demo` adds demo conversations, `npm run earshot -- import FILE --format twcs` imports an archive\n');
    await new Promise<void>((resolve) => {
      const shutdown = (signal: string) => {
        log.info({ signal }, 'shutting down');
        resolve();
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
    await desk.stop();
    return 0;
  },
};
