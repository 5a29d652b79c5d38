// earshot report --by channel|account|language|day [--since DATE] [--until DATE] [--json|--csv], and the other
// report kinds: --kind outcomes|line-jumping|churn (staffing has its own command, `earshot staffing`).
import { z } from 'zod';
import { InputError } from '../domain/errors.js';
import { buildReport, REPORT_DIMENSIONS, type ReportRow } from '../insights/index.js';
import { printInsightReport, REPORT_KINDS } from './report-kinds.js';
import type { CliCommand } from './command.js';
import { parseCommandArgs } from './parse-args.js';
import { withDesk } from './with-desk.js';

const DAY = 86_400_000;
const date = z
  .string()
  .refine((s) => Number.isFinite(Date.parse(s)), 'expected a date such as 2026-11-01 or 2026-11-01T09:00:00Z')
  .transform((s) => new Date(s));

const duration = (s: number | null) => (s === null ? '' : String(s));
const CSV_HEADER = 'group,conversations,inbound_messages,answered,first_response_p50_s,first_response_p90_s,resolved,resolution_p50_s,resolution_p90_s,negative,neutral,positive,top_intents';
const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const toCsv = (r: ReportRow) =>
  [
    csvField(r.group),
    r.conversations,
    r.inboundMessages,
    r.answered,
    duration(r.firstResponseP50Seconds),
    duration(r.firstResponseP90Seconds),
    r.resolved,
    duration(r.resolutionP50Seconds),
    duration(r.resolutionP90Seconds),
    r.sentiment.negative,
    r.sentiment.neutral,
    r.sentiment.positive,
    csvField(r.topIntents.map((i) => `${i.intent}:${i.messages}`).join(' ')),
  ].join(',');

const human = (s: number | null) => (s === null ? '–' : s < 60 ? `${s}s` : s < 3600 ? `${Math.round(s / 60)}m` : `${(s / 3600).toFixed(1)}h`);

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'volume, response and resolution times, sentiment and intents by channel, account, language or day',
  usage: 'earshot report [--kind volume|outcomes|line-jumping|churn] [--by channel|account|language|day] [--since DATE] [--until DATE] [--limit N] [--json|--csv]\n  volume (default) needs --by; outcomes: reopen rate, first-contact resolution, vent rate per channel; line-jumping: first-response wait of equal-need public vs private contacts; churn: contacts at risk with reasons',
  usesStore: true,
  async run(argv, io) {
    const a = parseCommandArgs(
      'report',
      argv,
      { kind: { type: 'string' }, limit: { type: 'string' }, by: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, json: { type: 'boolean' }, csv: { type: 'boolean' } },
      z.object({
        kind: z.enum(REPORT_KINDS, { message: `expected one of ${REPORT_KINDS.join(', ')}` }).default('volume'),
        limit: z.coerce.number().int().min(1).max(10_000).default(50),
        by: z.enum(REPORT_DIMENSIONS, { message: `expected one of ${REPORT_DIMENSIONS.join(', ')}` }).optional(),
        since: date.optional(),
        until: date.optional(),
        json: z.boolean().optional(),
        csv: z.boolean().optional(),
        positionals: z.array(z.string()).max(0),
      }),
    );
    const until = a.until ?? new Date(Date.now() + DAY);
    const since = a.since ?? new Date(until.getTime() - 30 * DAY);
    const by = a.by;
    const kind = a.kind;
    if (kind !== 'volume') {
      const format = a.json ? 'json' : a.csv ? 'csv' : 'text';
      return withDesk(io, async (desk) => printInsightReport(desk, io, { kind, since, until, limit: a.limit, format }));
    }
    if (by === undefined) throw new InputError('INPUT_INVALID', `--by: expected one of ${REPORT_DIMENSIONS.join(', ')} for the volume report`);
    return withDesk(io, async (desk) => {
      const rows = await buildReport(desk.database, { by, since, until });
      if (a.json) io.stdout.write(`${JSON.stringify({ by, since: since.toISOString(), until: until.toISOString(), rows }, null, 2)}\n`);
      else if (a.csv) io.stdout.write(`${[CSV_HEADER, ...rows.map(toCsv)].join('\n')}\n`);
      else {
        const width = Math.max(8, ...rows.map((r) => r.group.length)) + 2;
        io.stdout.write(
          [
            `conversations started ${since.toISOString().slice(0, 10)} – ${until.toISOString().slice(0, 10)}, by ${by}`,
            `${by.padEnd(width)}${'convs'.padStart(7)}${'answered'.padStart(10)}${'FRT p50'.padStart(9)}${'p90'.padStart(7)}${'resolved'.padStart(10)}${'neg/neu/pos'.padStart(14)}  top intents`,
            ...rows.map(
              (r) =>
                `${r.group.padEnd(width)}${String(r.conversations).padStart(7)}${String(r.answered).padStart(10)}${human(r.firstResponseP50Seconds).padStart(9)}${human(r.firstResponseP90Seconds).padStart(7)}${String(r.resolved).padStart(10)}${`${r.sentiment.negative}/${r.sentiment.neutral}/${r.sentiment.positive}`.padStart(14)}  ${r.topIntents.map((i) => `${i.intent} ${i.messages}`).join(', ')}`,
            ),
            ...(rows.length === 0 ? ['(no conversations in this period)'] : []),
          ].join('\n') + '\n',
        );
      }
      return 0;
    });
  },
};
