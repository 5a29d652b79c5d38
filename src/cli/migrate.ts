// earshot migrate: apply pending migrations (also done on every start unless EARSHOT_MIGRATE_ON_START=false).
import { z } from 'zod';
import { migrateToLatest } from '../store/index.js';
import type { CliCommand } from './command.js';
import { parseCommandArgs } from './parse-args.js';
import { withDesk } from './with-desk.js';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'apply pending database migrations',
  usage: 'earshot migrate',
  usesStore: true,
  async run(argv, io) {
    parseCommandArgs('migrate', argv, {}, z.object({ positionals: z.array(z.string()).max(0) }));
    return withDesk(
      io,
      async (desk) => {
        const report = await migrateToLatest(desk.database.db);
        io.stdout.write(report.applied.length > 0 ? `applied ${report.applied.join(', ')}\n` : 'schema is current; nothing to apply\n');
        return 0;
      },
      false,
    );
  },
};
