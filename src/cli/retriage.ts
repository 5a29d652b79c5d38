// earshot retriage [--all] [--batch N] [--json]: after a model update, rates again every customer message that an
// older model version rated (all of them with --all), page by page with progress; conversations then follow.
import { z } from 'zod';
import { countStaleTriage, retriagePage } from '../store/index.js';
import type { CliCommand } from './command.js';
import { parseCommandArgs } from './parse-args.js';
import { withDesk } from './with-desk.js';

export const retriageCommand: CliCommand = {
  name: 'retriage',
  summary: 'rate messages again with the current models (those an older model version rated; --all for every one)',
  usage: 'earshot retriage [--all] [--batch N] [--json]',
  usesStore: true,
  async run(argv, io) {
    const a = parseCommandArgs(
      'retriage',
      argv,
      { all: { type: 'boolean' }, batch: { type: 'string' }, json: { type: 'boolean' } },
      z.object({
        all: z.boolean().optional(),
        batch: z.coerce.number().int().min(1).max(10_000).optional(),
        json: z.boolean().optional(),
        positionals: z.array(z.string()).max(0),
      }),
    );
    return withDesk(io, async (desk) => {
      const version = desk.triager.version;
      const all = a.all ?? false;
      const total = await countStaleTriage(desk.database.db, { modelVersion: version, all });
      if (!a.json) io.stderr.write(`model set ${version}: ${total} message${total === 1 ? '' : 's'} to rate again\n`);
      let done = 0;
      let afterId: string | null = null;
      const started = Date.now();
      for (;;) {
        const page = await retriagePage(desk.database.db, { modelVersion: version, all, afterId, limit: a.batch ?? 1000, triage: (x) => desk.triager.triage(x) });
        if (page.rated === 0) break;
        done += page.rated;
        afterId = page.lastId;
        if (!a.json) io.stderr.write(`rated ${done}/${total}\n`);
      }
      const seconds = (Date.now() - started) / 1000;
      if (a.json) io.stdout.write(`${JSON.stringify({ modelVersion: version, rated: done, seconds })}\n`);
      else io.stdout.write(`rated ${done} message${done === 1 ? '' : 's'} with ${version} in ${seconds.toFixed(1)} s; their conversations are re-scored by the workflow step\n`);
      return 0;
    });
  },
};
