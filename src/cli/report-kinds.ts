// The report kinds beyond volume for `earshot report --kind …`: outcomes, line-jumping and churn, as text, JSON or CSV.
import { buildChurnRiskList, buildLineJumpingReport, buildOutcomeReport } from '../insights/index.js';
import type { DeskContext } from '../main.js';
import type { CliIo } from './command.js';

export const REPORT_KINDS = ['volume', 'outcomes', 'line-jumping', 'churn'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface InsightReportRequest {
  readonly kind: Exclude<ReportKind, 'volume'>;
  readonly since: Date;
  readonly until: Date;
  readonly limit: number;
  readonly format: 'text' | 'json' | 'csv';
}

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const secs = (s: number | null) => (s === null ? '–' : s < 60 ? `${s}s` : s < 3600 ? `${Math.round(s / 60)}m` : `${(s / 3600).toFixed(1)}h`);
const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const num = (x: number | null) => (x === null ? '' : String(x));

export async function printInsightReport(desk: DeskContext, io: CliIo, r: InsightReportRequest): Promise<number> {
  const period = { since: r.since, until: r.until };
  const head = `${r.kind}, conversations started ${r.since.toISOString().slice(0, 10)} – ${r.until.toISOString().slice(0, 10)}`;
  const write = (lines: string[]) => io.stdout.write(`${lines.join('\n')}\n`);
  switch (r.kind) {
    case 'outcomes': {
      const rows = await buildOutcomeReport(desk.database, period);
      if (r.format === 'json') write([JSON.stringify({ kind: r.kind, since: r.since.toISOString(), until: r.until.toISOString(), rows }, null, 2)]);
      else if (r.format === 'csv')
        write([
          'channel,conversations,resolved,reopened,resolved_at_first_contact,public_conversations,vents,reopen_rate,fcr_rate,vent_rate',
          ...rows.map((x) => [csvField(x.channel), x.conversations, x.resolved, x.reopened, x.resolvedAtFirstContact, x.publicConversations, x.vents, num(x.reopenRate), num(x.firstContactResolutionRate), num(x.ventRate)].join(',')),
        ]);
      else
        write([
          head,
          `${'channel'.padEnd(12)}${'convs'.padStart(7)}${'resolved'.padStart(10)}${'reopen'.padStart(9)}${'FCR'.padStart(9)}${'public'.padStart(8)}${'vent rate'.padStart(11)}`,
          ...rows.map((x) => `${x.channel.padEnd(12)}${String(x.conversations).padStart(7)}${String(x.resolved).padStart(10)}${pct(x.reopenRate).padStart(9)}${pct(x.firstContactResolutionRate).padStart(9)}${String(x.publicConversations).padStart(8)}${pct(x.ventRate).padStart(11)}`),
          ...(rows.length === 0 ? ['(no conversations in this period)'] : []),
          'FCR: resolved, never reopened, and no new conversation by the contact within 7 days; vent: a public post after an ignored contact elsewhere',
        ]);
      return 0;
    }
    case 'line-jumping': {
      const report = await buildLineJumpingReport(desk.database, { organisationId: desk.organisation.id, ...period });
      if (r.format === 'json') write([JSON.stringify({ kind: r.kind, since: r.since.toISOString(), until: r.until.toISOString(), ...report }, null, 2)]);
      else if (r.format === 'csv')
        write([
          'band,public_conversations,public_answered,public_p50_s,public_p90_s,private_conversations,private_answered,private_p50_s,private_p90_s,index',
          ...report.bands.map((b) => [b.band, b.public.conversations, b.public.answered, num(b.public.p50Seconds), num(b.public.p90Seconds), b.private.conversations, b.private.answered, num(b.private.p50Seconds), num(b.private.p90Seconds), num(b.index)].join(',')),
        ]);
      else
        write([
          head,
          `${'need'.padEnd(8)}${'public n'.padStart(9)}${'p50'.padStart(7)}${'p90'.padStart(7)}${'private n'.padStart(11)}${'p50'.padStart(7)}${'p90'.padStart(7)}${'index'.padStart(8)}`,
          ...report.bands.map(
            (b) =>
              `${b.band.padEnd(8)}${String(b.public.conversations).padStart(9)}${secs(b.public.p50Seconds).padStart(7)}${secs(b.public.p90Seconds).padStart(7)}${String(b.private.conversations).padStart(11)}${secs(b.private.p50Seconds).padStart(7)}${secs(b.private.p90Seconds).padStart(7)}${(b.index === null ? '–' : String(b.index)).padStart(8)}`,
          ),
          `overall index ${report.index ?? '–'}: ${report.reading}`,
        ]);
      return 0;
    }
    case 'churn': {
      const items = await buildChurnRiskList(desk.database, { ...period, limit: r.limit });
      if (r.format === 'json') write([JSON.stringify({ kind: r.kind, since: r.since.toISOString(), until: r.until.toISOString(), items }, null, 2)]);
      else if (r.format === 'csv')
        write([
          'contact_id,contact_name,score,weighted_score,customer_value,channels,last_contact_at,reasons,conversation_ids',
          ...items.map((i) => [i.contactId, csvField(i.contactName ?? ''), i.score, i.weightedScore, num(i.customerValue), i.channels.join(' '), i.lastContactAt, csvField(i.reasons.join('; ')), i.conversationIds.join(' ')].join(',')),
        ]);
      else
        write([
          head,
          ...items.map((i) => `${String(i.weightedScore).padStart(6)}  ${(i.contactName ?? i.contactId).padEnd(24)} ${i.channels.join(',').padEnd(14)} ${i.reasons.join('; ')}`),
          ...(items.length === 0 ? ['(nobody at risk in this period)'] : []),
        ]);
      return 0;
    }
  }
}
