// The conversation pane: header with status and actions, collision indicator, timeline, compose box, and the
// contact panel beside it. Shortcuts: r reply, n note, e resolve, a assign.
import { useRef, useState } from 'react';
import { api } from '../../api/client.js';
import type { ConversationStatus, ConversationSummary } from '../../api/types.js';
import { ChannelIcon, channelName } from '../../shared/channel-icon.js';
import { ErrorState } from '../../shared/error-state.js';
import { FormError } from '../../shared/form-error.js';
import { PriorityMark } from '../../shared/priority-mark.js';
import { countdown } from '../../shared/relative-time.js';
import { useNow } from '../../shared/use-now.js';
import { useShortcuts } from '../../shared/use-shortcuts.js';
import { useMe } from '../auth/session.js';
import { ContactPanel } from '../contact/contact-panel.js';
import { useDirectory } from '../layout/directory.js';
import { ComposeBox, type ComposeMode } from './compose-box.js';
import { ConversationActions } from './conversation-actions.js';
import { PresenceIndicator } from './presence-indicator.js';
import { Timeline } from './timeline.js';
import { useConversation } from './use-conversation.js';
import { usePresence } from './use-presence.js';

export function ConversationView({ conversationId }: { readonly conversationId: string }) {
  const me = useMe();
  const { agents } = useDirectory();
  const { detail, error, reload, replace } = useConversation(conversationId);
  const presence = usePresence(conversationId, me.agent.id);
  const [mode, setMode] = useState<ComposeMode>('reply');
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const compose = useRef<HTMLTextAreaElement>(null);
  const assignee = useRef<HTMLSelectElement>(null);
  const now = useNow();
  const canWork = me.permissions.includes('conversations:work');

  const act = async (path: string, body: unknown, after?: (c: ConversationSummary) => void) => {
    if (!detail) return;
    setBusy(true);
    setActionError(null);
    try {
      const conversation = await api.post<ConversationSummary>(`/api/conversations/${encodeURIComponent(conversationId)}/${path}`, body);
      replace({ ...detail, conversation });
      after?.(conversation);
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(false);
    }
  };
  const setStatus = (status: ConversationStatus) => void act('status', { status });
  const focusCompose = (m: ComposeMode) => {
    setMode(m);
    setTimeout(() => compose.current?.focus(), 0);
  };

  useShortcuts({
    r: () => focusCompose('reply'),
    n: () => focusCompose('note'),
    e: () => {
      if (detail && detail.conversation.status !== 'resolved' && detail.conversation.status !== 'closed' && canWork) setStatus('resolved');
    },
    a: () => assignee.current?.focus(),
  });

  if (error) return <ErrorState error={error} onRetry={reload} title="This conversation could not be opened" />;
  if (!detail) return <p className="loading" role="status">Loading conversation…</p>;
  const c = detail.conversation;
  const limits = detail.replyLimits;
  const sla = countdown(c.slaDueAt, now);
  return (
    <div className="conversation">
      <section className="conversation-main" aria-labelledby="conversation-title">
        <header className="conversation-head">
          <div className="conversation-title-row">
            <ChannelIcon kind={c.channelKind} />
            <h2 id="conversation-title">{c.contactName ?? 'Unknown contact'}</h2>
            <span className={`status status-${c.status}`} data-testid="conversation-status">
              {c.status}
            </span>
            <PriorityMark priority={c.priority} />
            {sla && <span className={`sla${sla.overdue ? ' sla-overdue' : ''}`}>{sla.text}</span>}
          </div>
          <p className="conversation-sub">
            {channelName(c.channelKind)} · {c.isPublic ? 'public' : 'private'} · {c.messageCount} messages
            {c.tags.length > 0 && ` · ${c.tags.join(', ')}`}
          </p>
          <ConversationActions
            ref={assignee}
            conversation={c}
            agents={agents}
            myAgentId={me.agent.id}
            canWork={canWork}
            busy={busy}
            onAssign={(assigneeId) => void act('assign', { assigneeId })}
            onStatus={setStatus}
          />
          <FormError error={actionError} />
        </header>
        <Timeline messages={detail.messages} />
        <PresenceIndicator others={presence.others} />
        {canWork && (
          <ComposeBox
            ref={compose}
            conversationId={conversationId}
            mode={mode}
            onModeChange={setMode}
            maxLength={limits?.maxTextLength ?? null}
            canReply={limits?.canReply ?? false}
            agents={agents}
            onTyping={presence.typing}
            onSent={reload}
          />
        )}
      </section>
      {c.contactId && <ContactPanel contactId={c.contactId} />}
    </div>
  );
}
