// earshot staffing: agents needed per hour of the week and channel for a service-level target (Erlang C, or
// Erlang A for channels given a patience), from the measured arrivals, with what-ifs for new channels or languages.
import { z } from 'zod';
import { buildStaffingReport, type StaffingReport } from '../insights/index.js';
import type { CliCommand } from './command.js';
import { parseCommandArgs } from './parse-args.js';
import { withDesk } from './with-desk.js';

const DAY = 86_400_000;
const date = z
  .string()
  .refine((s) => Number.isFinite(Date.parse(s)), 'expected a date such as 2026-11-01 or 2026-11-01T09:00:00Z')
  .transform((s) => new Date(s));
const positive = (what: string) => z.coerce.number({ message: `expected ${what}` }).positive(`expected ${what}`);
/** `name=number` (what-if volumes may say `name=300/day`). */
const pairs = (what: string, suffix = '') =>
  z
    .array(z.string())
    .default([])
    .transform((list, ctx) => {
      const out: Record<string, number> = {};
      for (const item of list) {
        const m = new RegExp(`^([^=\\s]+)=(\\d+(?:\\.\\d+)?)${suffix}$`).exec(item);
        if (!m) ctx.addIssue({ code: 'custom', message: `expected ${what}; got "${item}"` });
        else out[m[1]!] = Number(m[2]);
      }
      return out;
    });
const serviceLevel = z
  .string()
  .default('80%')
  .transform((s, ctx) => {
    const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(s);
    const value = m ? Number(m[1]) / (m[2] ? 100 : 1) : Number.NaN;
    if (!(value > 0 && value < 1)) ctx.addIssue({ code: 'custom', message: `expected a share between 0 and 1 or a percentage such as 80%; got "${s}"` });
    return value;
  });

export const staffingCommand: CliCommand = {
  name: 'staffing',
  summary: 'agents needed per hour and channel for a service-level target (Erlang C / Erlang A), with what-ifs',
  usage: [
    'earshot staffing [--since DATE] [--until DATE] [--service-level 80%] [--target-seconds 60] [--channel KIND]…',
    '                 [--handle KIND=SECONDS]… [--default-handle SECONDS] [--patience KIND=SECONDS]…',
    '                 [--what-if NAME=VOLUME/day]… [--json|--csv]',
    '  arrivals: conversations started per hour of the week in the period (default: the last 28 days)',
    '  --handle: handle time per channel (default: measured first answer → resolution when ≥ 10 one-sitting',
    '            conversations, else --default-handle, 300 s)',
    '  --patience: mean patience of waiting customers; those channels are planned with Erlang A (abandonment)',
    '  --what-if: a new channel or language at an estimated volume, shaped like the desk\'s week',
  ].join('\n'),
  usesStore: true,
  async run(argv, io) {
    const a = parseCommandArgs(
      'staffing',
      argv,
      {
        since: { type: 'string' },
        until: { type: 'string' },
        'service-level': { type: 'string' },
        'target-seconds': { type: 'string' },
        channel: { type: 'string', multiple: true },
        handle: { type: 'string', multiple: true },
        'default-handle': { type: 'string' },
        patience: { type: 'string', multiple: true },
        'what-if': { type: 'string', multiple: true },
        json: { type: 'boolean' },
        csv: { type: 'boolean' },
      },
      z.object({
        since: date.optional(),
        until: date.optional(),
        'service-level': serviceLevel,
        'target-seconds': positive('a number of seconds').default(60),
        channel: z.array(z.string()).default([]),
        handle: pairs('KIND=SECONDS, such as email=480'),
        'default-handle': positive('a number of seconds').default(300),
        patience: pairs('KIND=SECONDS, such as webchat=120'),
        'what-if': pairs('NAME=VOLUME/day, such as whatsapp=300/day', '(?:/day)?'),
        json: z.boolean().optional(),
        csv: z.boolean().optional(),
        positionals: z.array(z.string()).max(0),
      }),
    );
    const until = a.until ?? new Date(Date.now());
    const since = a.since ?? new Date(until.getTime() - 28 * DAY);
    return withDesk(io, async (desk) => {
      const report = await buildStaffingReport(desk.database, {
        organisationId: desk.organisation.id,
        since,
        until,
        assumptions: {
          serviceLevel: a['service-level'],
          targetSeconds: a['target-seconds'],
          handleSeconds: a.handle,
          defaultHandleSeconds: a['default-handle'],
          patienceSeconds: a.patience,
          whatIf: Object.entries(a['what-if']).map(([name, perDay]) => ({ name, perDay })),
          channels: a.channel,
        },
      });
      io.stdout.write(a.json ? `${JSON.stringify(report, null, 2)}\n` : a.csv ? toCsv(report) : toText(report));
      return 0;
    });
  },
};

const CSV_HEADER = 'channel,day,hour,hour_of_week,arrivals_per_hour,handle_s,model,erlangs,agents,service_level,avg_wait_s,occupancy,abandonment';

function toCsv(report: StaffingReport): string {
  const lines = report.rows.map((r) =>
    [r.channel, r.day, r.hour, r.hourOfWeek, r.arrivalsPerHour, r.handleSeconds, r.model, r.trafficErlangs, r.agents, r.serviceLevel, r.averageWaitSeconds, r.occupancy, r.abandonment ?? ''].join(','),
  );
  return `${[CSV_HEADER, ...lines].join('\n')}\n`;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function toText(report: StaffingReport): string {
  const out = [`staffing from conversations started ${report.since.slice(0, 10)} – ${report.until.slice(0, 10)}`, ...report.notes.map((n) => `  ${n}`), ''];
  if (report.channels.length === 0) return `${[...out, '(no conversations in this period; add --what-if NAME=VOLUME/day to plan a new channel)'].join('\n')}\n`;
  out.push(`${'channel'.padEnd(14)}${'per week'.padStart(10)}${'handle'.padStart(16)}${'model'.padStart(10)}${'peak agents'.padStart(13)}${'agent h/week'.padStart(14)}`);
  for (const c of report.channels) {
    const handle = `${c.handleSeconds}s ${c.handleTimeSource === 'measured' ? `(n=${c.handleTimeSamples})` : `(${c.handleTimeSource})`}`;
    const model = c.patienceSeconds === null ? 'erlang-c' : `erlang-a`;
    out.push(
      `${(c.channel + (c.isWhatIf ? '*' : '')).padEnd(14)}${String(c.arrivalsPerWeek).padStart(10)}${handle.padStart(16)}${model.padStart(10)}${String(c.peakAgents).padStart(13)}${String(c.agentHoursPerWeek).padStart(14)}`,
    );
  }
  if (report.channels.some((c) => c.isWhatIf)) out.push('* what-if: not measured, the volume you gave shaped like the desk\'s week');
  out.push('', `${'channel'.padEnd(14)}${'day'.padEnd(5)}${'hour'.padEnd(7)}${'arrivals/h'.padStart(11)}${'erlangs'.padStart(9)}${'agents'.padStart(8)}${'SL'.padStart(8)}${'ASA'.padStart(8)}${'occ.'.padStart(8)}${'abandon'.padStart(9)}`);
  for (const r of report.rows) {
    out.push(
      `${r.channel.padEnd(14)}${r.day.padEnd(5)}${`${String(r.hour).padStart(2, '0')}:00`.padEnd(7)}${String(r.arrivalsPerHour).padStart(11)}${r.trafficErlangs.toFixed(2).padStart(9)}${String(r.agents).padStart(8)}${pct(r.serviceLevel).padStart(8)}${`${r.averageWaitSeconds}s`.padStart(8)}${pct(r.occupancy).padStart(8)}${(r.abandonment === null ? '–' : pct(r.abandonment)).padStart(9)}`,
    );
  }
  return `${out.join('\n')}\n`;
}
