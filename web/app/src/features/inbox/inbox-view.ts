// The inbox's views: each is a URL slug, a label and the list query it stands for.
import type { ConversationQuery, Queue, Team } from '../../api/types.js';

export interface InboxView {
  readonly slug: string;
  readonly label: string;
  readonly query: ConversationQuery;
}

const WORKING = 'new,open,pending';

export const FIXED_VIEWS: readonly InboxView[] = [
  { slug: 'mine', label: 'Mine', query: { assignee: 'me', status: WORKING } },
  { slug: 'unassigned', label: 'Unassigned', query: { assignee: 'none', status: 'new,open' } },
  { slug: 'open', label: 'All open', query: { status: WORKING } },
  { slug: 'sla', label: 'SLA at risk', query: { status: 'new,open', sort: 'sla_due' } },
  { slug: 'urgent', label: 'Highest priority', query: { status: 'new,open', sort: 'priority' } },
  { slug: 'snoozed', label: 'Snoozed', query: { status: 'snoozed' } },
  { slug: 'resolved', label: 'Resolved', query: { status: 'resolved,closed' } },
];

export const queueView = (q: Queue): InboxView => ({ slug: `queue-${q.id}`, label: q.name, query: { queue: q.id, status: WORKING } });
export const teamView = (t: Team): InboxView => ({ slug: `team-${t.id}`, label: t.name, query: { team: t.id, status: WORKING } });

/** The view for a slug; unknown slugs fall back to "All open". */
export function resolveView(slug: string, queues: readonly Queue[], teams: readonly Team[]): InboxView {
  const fixed = FIXED_VIEWS.find((v) => v.slug === slug);
  if (fixed) return fixed;
  const queue = queues.find((q) => slug === `queue-${q.id}`);
  if (queue) return queueView(queue);
  const team = teams.find((t) => slug === `team-${t.id}`);
  if (team) return teamView(team);
  return FIXED_VIEWS[2]!;
}
