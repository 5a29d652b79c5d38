// earshot stats [--json]: counts and first-response times per channel account.
import { z } from 'zod';
import { collectStats } from '../insights/index.js';
import type { CliCommand } from './command.js';
import { parseCommandArgs } from './parse-args.js';
import { withDesk } from './with-desk.js';

const formatSeconds = (s: number | null): string =>
  s === null ? '–' : s < 60 ? `${s}s` : s < 3600 ? `${Math.round(s / 60)}m` : `${(s / 3600).toFixed(1)}h`;

export const statsCommand: CliCommand = {
  name: 'stats',
  summary: 'counts of messages, conversations, contacts, accounts; first-response p50/p90 per account',
  usage: 'earshot stats [--json]',
  usesStore: true,
  async run(argv, io) {
    const a = parseCommandArgs('stats', argv, { json: { type: 'boolean' } }, z.object({ json: z.boolean().optional(), positionals: z.array(z.string()).max(0) }));
    return withDesk(io, async (desk) => {
      const stats = await collectStats(desk.database);
      if (a.json) {
        io.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
        return 0;
      }
      const rows: [string, number][] = [
        ['messages', stats.messages],
        ['conversations', stats.conversations],
        ['contacts', stats.contacts],
        ['channel accounts', stats.channelAccounts],
        ...(stats.pendingRawInbound > 0 ? [['waiting for the pipeline', stats.pendingRawInbound] as [string, number]] : []),
        ...(stats.deadLetters > 0 ? [['dead letters', stats.deadLetters] as [string, number]] : []),
      ];
      const width = Math.max(...rows.map(([label]) => label.length)) + 2;
      const lines = [
        ...rows.map(([label, n]) => `${label.padEnd(width)}${n}`),
        '',
        'first response time per channel account',
        `${'account'.padEnd(32)} ${'kind'.padEnd(9)} ${'conversations'.padStart(13)} ${'answered'.padStart(9)} ${'p50'.padStart(7)} ${'p90'.padStart(7)}`,
        ...stats.byAccount.map(
          (r) =>
            `${r.channelAccount.slice(0, 32).padEnd(32)} ${r.kind.padEnd(9)} ${String(r.conversations).padStart(13)} ${String(r.answered).padStart(9)} ${formatSeconds(r.firstResponseP50Seconds).padStart(7)} ${formatSeconds(r.firstResponseP90Seconds).padStart(7)}`,
        ),
      ];
      io.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    });
  },
};
