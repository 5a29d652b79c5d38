// The line-jumping index: for contacts of equal need (the same priority band), how much longer a private contact
// waits for its first answer than a public one. 1 is fair; 2 means private contacts wait twice as long, so
// complaining in public jumps the line. Shown beside the fair queue's channel weights, the setting that may cause it.
import type { ConversationScope } from '../domain/access.js';
import { readFirstResponseWaits, readOrganisationSettings, type Database, type FirstResponseWaits, type PriorityBand } from '../store/index.js';

export interface WaitFigures {
  readonly conversations: number;
  readonly answered: number;
  readonly p50Seconds: number | null;
  readonly p90Seconds: number | null;
}

export interface LineJumpingBand {
  readonly band: PriorityBand;
  readonly public: WaitFigures;
  readonly private: WaitFigures;
  /** Private median wait ÷ public median wait; null without answered contacts on both sides. */
  readonly index: number | null;
}

export interface LineJumpingReport {
  readonly bands: readonly LineJumpingBand[];
  /** Geometric mean of the band indexes weighted by the smaller side's answered count; null when no band compares. */
  readonly index: number | null;
  /** The fair queue's channel weights from the organisation settings (empty: channel is not a factor). */
  readonly channelWeights: Readonly<Record<string, number>>;
  readonly reading: string;
}

const EMPTY: WaitFigures = { conversations: 0, answered: 0, p50Seconds: null, p90Seconds: null };
const figures = (w: FirstResponseWaits | undefined): WaitFigures =>
  w ? { conversations: w.conversations, answered: w.answered, p50Seconds: w.p50Seconds, p90Seconds: w.p90Seconds } : EMPTY;

export function lineJumpingIndex(waits: readonly FirstResponseWaits[], channelWeights: Readonly<Record<string, number>>): LineJumpingReport {
  const bands: LineJumpingBand[] = [];
  let logSum = 0;
  let weightSum = 0;
  for (const band of [...new Set(waits.map((w) => w.band))]) {
    const pub = figures(waits.find((w) => w.band === band && w.isPublic));
    const priv = figures(waits.find((w) => w.band === band && !w.isPublic));
    // A 0-second median (answered at once) would make the ratio infinite: count it as one second.
    const index = pub.p50Seconds !== null && priv.p50Seconds !== null ? Math.max(priv.p50Seconds, 1) / Math.max(pub.p50Seconds, 1) : null;
    if (index !== null) {
      const weight = Math.min(pub.answered, priv.answered);
      logSum += weight * Math.log(index);
      weightSum += weight;
    }
    bands.push({ band, public: pub, private: priv, index: index === null ? null : Math.round(index * 100) / 100 });
  }
  const index = weightSum > 0 ? Math.round(Math.exp(logSum / weightSum) * 100) / 100 : null;
  const weighted = Object.entries(channelWeights).filter(([, w]) => w !== 0);
  const reading =
    index === null
      ? 'no priority band has answered public and private contacts to compare'
      : `${index >= 1.25 ? 'public contacts jump the line' : index <= 0.8 ? 'private contacts are answered sooner' : 'about fair'}: an equal-need private contact waits ${index}× as long as a public one (median first response)${weighted.length > 0 ? `; channel weights set: ${weighted.map(([k, w]) => `${k} ${w > 0 ? '+' : ''}${w}`).join(', ')}` : '; no channel weights set'}`;
  return { bands, index, channelWeights, reading };
}

/** The `fairQueueWeights.channel` object of the organisation settings, numbers only. */
function channelWeightsOf(settings: unknown): Record<string, number> {
  const channel = (settings as { fairQueueWeights?: { channel?: unknown } } | null)?.fairQueueWeights?.channel;
  if (typeof channel !== 'object' || channel === null) return {};
  return Object.fromEntries(Object.entries(channel).filter((e): e is [string, number] => typeof e[1] === 'number'));
}

export async function buildLineJumpingReport(
  database: Database,
  query: { readonly organisationId: string; readonly since: Date; readonly until: Date; readonly scope?: ConversationScope },
): Promise<LineJumpingReport> {
  const [waits, settings] = await Promise.all([
    readFirstResponseWaits(database.db, { since: query.since, until: query.until, ...(query.scope ? { scope: query.scope } : {}) }),
    readOrganisationSettings(database.db, query.organisationId),
  ]);
  return lineJumpingIndex(waits, channelWeightsOf(settings));
}
