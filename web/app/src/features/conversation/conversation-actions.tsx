// Assign, snooze, resolve and reopen. Each action answers with the updated conversation, shown at once.
import { forwardRef } from 'react';
import type { Agent, ConversationStatus, ConversationSummary } from '../../api/types.js';

export interface ConversationActionsProps {
  readonly conversation: ConversationSummary;
  readonly agents: readonly Agent[];
  readonly myAgentId: string;
  readonly canWork: boolean;
  readonly busy: boolean;
  readonly onAssign: (agentId: string | null) => void;
  readonly onStatus: (status: ConversationStatus) => void;
}

export const ConversationActions = forwardRef<HTMLSelectElement, ConversationActionsProps>(function ConversationActions(props, ref) {
  const { conversation: c, agents, myAgentId, canWork, busy, onAssign, onStatus } = props;
  const done = c.status === 'resolved' || c.status === 'closed';
  return (
    <div className="actions" role="group" aria-label="Conversation actions">
      <label className="inline-field">
        <span>Assignee (a)</span>
        <select ref={ref} value={c.assigneeId ?? ''} disabled={!canWork || busy} onChange={(e) => onAssign(e.target.value === '' ? null : e.target.value)}>
          <option value="">Unassigned</option>
          {agents
            .filter((a) => !a.disabled && a.role !== 'viewer')
            .map((a) => (
              <option key={a.id} value={a.id}>
                {a.id === myAgentId ? `${a.name} (me)` : a.name}
              </option>
            ))}
        </select>
      </label>
      {c.assigneeId !== myAgentId && (
        <button type="button" className="button" disabled={!canWork || busy} onClick={() => onAssign(myAgentId)}>
          Take it
        </button>
      )}
      {c.status !== 'snoozed' && !done && (
        <button type="button" className="button" disabled={!canWork || busy} onClick={() => onStatus('snoozed')}>
          Snooze
        </button>
      )}
      {done || c.status === 'snoozed' ? (
        c.status !== 'closed' && (
          <button type="button" className="button" disabled={!canWork || busy} onClick={() => onStatus('open')}>
            Reopen
          </button>
        )
      ) : (
        <button type="button" className="button button-primary" disabled={!canWork || busy} onClick={() => onStatus('resolved')}>
          Resolve <kbd>e</kbd>
        </button>
      )}
    </div>
  );
});
