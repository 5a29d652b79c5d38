// earshot demo [--messages N] [--seed S] [--force]: realistic multi-channel demo data so the desk shows something.
import { z } from 'zod';
import { InputError } from '../domain/errors.js';
import { collectStats } from '../insights/index.js';
import { loadDemoData } from '../pipeline/index.js';
import type { CliCommand } from './command.js';
import { parseCommandArgs } from './parse-args.js';
import { startProgress } from './progress.js';
import { withDesk } from './with-desk.js';

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'fill an empty desk with generated multi-channel demo conversations',
  usage: 'earshot demo [--messages N] [--seed S] [--force]',
  usesStore: true,
  async run(argv, io) {
    const a = parseCommandArgs(
      'demo',
      argv,
      { messages: { type: 'string' }, seed: { type: 'string' }, force: { type: 'boolean' } },
      z.object({
        messages: z.coerce.number().int().min(1).max(10_000_000).default(2000),
        seed: z.coerce.number().int().min(0).default(42),
        force: z.boolean().optional(),
        positionals: z.array(z.string()).max(0),
      }),
    );
    return withDesk(io, async (desk) => {
      const before = await collectStats(desk.database);
      if (before.messages > 0 && !a.force) {
        throw new InputError('INPUT_INVALID', `the desk already holds ${before.messages} messages; demo data is for an empty desk (add --force to add it anyway)`);
      }
      const progress = startProgress(io, 'demo', a.messages, 'messages');
      const totals = await loadDemoData(desk.ingestDeps(`demo:${process.pid}`), {
        organisation: desk.organisation,
        messages: a.messages,
        seed: a.seed,
        endAt: Date.now(),
        onProgress: (stored) => progress.update(stored, `${stored} stored`),
      });
      progress.stop();
      io.stdout.write(`demo data: ${totals.messages} messages in ${totals.newConversations} conversations across 5 channel accounts\n`);
      return 0;
    });
  },
};
