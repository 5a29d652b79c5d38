// The daily insights digest (issue 10 §5): yesterday's volumes per channel, first-response times, top intents,
// SLA breaches and alerts, as data and as plain text, sent to every webhook or mailto: subscription of `digest`.
import { countEvents, enqueueDeliveries, isDigestOwed, listAlertReasons, readReport, type Database } from '../store/index.js';

const DAY_MS = 86_400_000;

export interface Digest {
  readonly title: string;
  readonly day: string;
  readonly channels: readonly { readonly channel: string; readonly conversations: number; readonly answered: number; readonly firstResponseP50Seconds: number | null }[];
  readonly topIntents: readonly { readonly intent: string; readonly messages: number }[];
  readonly slaBreaches: number;
  readonly alerts: readonly string[];
  /** The same, for people: the email body. */
  readonly text: string;
}

const minutes = (s: number | null) => (s === null ? '–' : s < 90 ? `${s} s` : `${Math.round(s / 60)} min`);

export async function buildDigest(database: Database, q: { readonly organisationId: string; readonly dayStart: number }): Promise<Digest> {
  const since = new Date(q.dayStart);
  const until = new Date(q.dayStart + DAY_MS);
  const [rows, slaBreaches, alerts] = await Promise.all([
    readReport(database.db, { by: 'channel', since, until }),
    countEvents(database.db, { organisationId: q.organisationId, type: 'sla.breach', since, until }),
    listAlertReasons(database.db, { organisationId: q.organisationId, since, until }),
  ]);
  const intents = new Map<string, number>();
  for (const r of rows) for (const i of r.topIntents) intents.set(i.intent, (intents.get(i.intent) ?? 0) + i.messages);
  const topIntents = [...intents].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5).map(([intent, messages]) => ({ intent, messages }));
  const day = since.toISOString().slice(0, 10);
  const channels = rows.map((r) => ({ channel: r.group, conversations: r.conversations, answered: r.answered, firstResponseP50Seconds: r.firstResponseP50Seconds }));
  const total = channels.reduce((s, c) => s + c.conversations, 0);
  const title = `${day}: ${total} conversation${total === 1 ? '' : 's'}, ${slaBreaches} SLA breach${slaBreaches === 1 ? '' : 'es'}, ${alerts.length} alert${alerts.length === 1 ? '' : 's'}`;
  const text = [
    `earshot daily digest for ${day} (UTC)`,
    '',
    'Conversations by channel (answered, median first response):',
    ...(channels.length === 0 ? ['  none'] : channels.map((c) => `  ${c.channel}: ${c.conversations} (${c.answered} answered, ${minutes(c.firstResponseP50Seconds)})`)),
    '',
    `Top topics: ${topIntents.length === 0 ? 'none' : topIntents.map((i) => `${i.intent} ${i.messages}`).join(', ')}`,
    `SLA breaches: ${slaBreaches}`,
    `Spikes and crisis alerts: ${alerts.length === 0 ? 'none' : ''}`,
    ...alerts.map((a) => `  - ${a}`),
  ].join('\n');
  return { title, day, channels, topIntents, slaBreaches, alerts, text };
}

/**
 * Owes yesterday's (UTC) digest to every digest subscriber once: the delivery's event id is the day, unique per
 * subscription, so passes and workers may repeat this freely. Returns the deliveries created.
 */
export async function enqueueDailyDigest(database: Database, q: { readonly organisationId: string; readonly now: number }): Promise<number> {
  const dayStart = Math.floor(q.now / DAY_MS) * DAY_MS - DAY_MS;
  const eventId = `digest:${new Date(dayStart).toISOString().slice(0, 10)}`;
  if (!(await isDigestOwed(database.db, { organisationId: q.organisationId, eventId }))) return 0;
  const digest = await buildDigest(database, { organisationId: q.organisationId, dayStart });
  return enqueueDeliveries(database.db, { organisationId: q.organisationId, eventId, type: 'digest', createdAt: q.now, data: { ...digest } });
}
