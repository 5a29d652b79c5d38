// One inbox row: channel, contact, first line, triage badges, priority, SLA countdown and age.
import type { ConversationSummary } from '../../api/types.js';
import { Link } from '../../router/link.js';
import { ChannelIcon, channelName } from '../../shared/channel-icon.js';
import { PriorityMark } from '../../shared/priority-mark.js';
import { ago, countdown } from '../../shared/relative-time.js';
import { TriageBadges } from '../../shared/triage-badges.js';

export interface ConversationRowProps {
  readonly conversation: ConversationSummary;
  readonly href: string;
  readonly selected: boolean;
  readonly now: number;
}

/** The first line of the customer's newest message; a count for conversations without one (a missed call). */
function firstLineOf(c: ConversationSummary): string {
  return c.preview ? c.preview : `${c.messageCount} message${c.messageCount === 1 ? '' : 's'} on ${channelName(c.channelKind)}`;
}

export function ConversationRow({ conversation: c, href, selected, now }: ConversationRowProps) {
  const sla = countdown(c.slaDueAt, now);
  return (
    <Link to={href} className={`row${selected ? ' row-selected' : ''}`} aria-current={selected ? 'true' : undefined} data-conversation-id={c.id} data-status={c.status}>
      <span className="row-top">
        <ChannelIcon kind={c.channelKind} />
        <span className="row-contact">{c.contactName ?? 'Unknown contact'}</span>
        {c.status === 'new' && <span className="badge badge-new">new</span>}
        <span className="row-age">{ago(c.lastMessageAt, now)}</span>
      </span>
      <span className="row-line">{firstLineOf(c)}</span>
      <span className="row-bottom">
        <PriorityMark priority={c.priority} />
        <TriageBadges sentiment={c.sentiment} language={c.language} intent={c.intent} complaint={c.complaint} />
        {sla && <span className={`sla${sla.overdue ? ' sla-overdue' : sla.soon ? ' sla-soon' : ''}`}>{sla.text}</span>}
      </span>
    </Link>
  );
}
