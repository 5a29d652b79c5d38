// One timeline entry: a customer message (with triage reasons), an agent reply (with delivery status) or an
// internal note. Customer text is rendered as text, never as HTML.
import type { Message } from '../../api/types.js';
import { clockTime } from '../../shared/relative-time.js';
import { TriageBadges } from '../../shared/triage-badges.js';
import { DeliveryStatus } from './delivery-status.js';
import { TriageReasons } from './triage-reasons.js';

const KIND_LABEL = { inbound: 'Customer', outbound: 'Reply', note: 'Internal note' } as const;

export function MessageItem({ message: m }: { readonly message: Message }) {
  const author = m.authorName ?? m.authorHandle;
  return (
    <li className={`message message-${m.direction}`} data-message-id={m.id} data-direction={m.direction}>
      <div className="message-head">
        <span className="message-author">{author}</span>
        <span className="message-kind">{KIND_LABEL[m.direction]}</span>
        {m.direction !== 'note' && !m.isPublic && <span className="badge badge-muted">private</span>}
        <time dateTime={m.sentAt} className="message-time">
          {clockTime(m.sentAt)}
        </time>
      </div>
      <p className="message-text">{m.text}</p>
      <div className="message-foot">
        {m.direction === 'inbound' && m.triage && (
          <TriageBadges sentiment={m.triage.sentiment.value} language={m.triage.language.value} intent={m.triage.intent.value} complaint={m.triage.complaint.value} />
        )}
        {m.delivery && <DeliveryStatus delivery={m.delivery} />}
      </div>
      {m.direction === 'inbound' && m.triage && <TriageReasons triage={m.triage} />}
    </li>
  );
}
