// Reply to the customer or write an internal note. Replies show the characters used against the channel's limit
// when the API gives one; notes suggest @mentions. Ctrl+Enter sends.
import { forwardRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { api } from '../../api/client.js';
import type { Agent, NoteResult } from '../../api/types.js';
import { FormError } from '../../shared/form-error.js';
import { MentionSuggestions, matchAgents, mentionAt } from './mention-suggestions.js';

export type ComposeMode = 'reply' | 'note';

export interface ComposeBoxProps {
  readonly conversationId: string;
  readonly mode: ComposeMode;
  readonly onModeChange: (mode: ComposeMode) => void;
  readonly maxLength: number | null;
  readonly canReply: boolean;
  readonly agents: readonly Agent[];
  readonly onTyping: () => void;
  readonly onSent: () => void;
}

export const ComposeBox = forwardRef<HTMLTextAreaElement, ComposeBoxProps>(function ComposeBox(props, ref) {
  const { conversationId, mode, onModeChange, maxLength, canReply, agents, onTyping, onSent } = props;
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const length = text.length;
  const over = mode === 'reply' && maxLength !== null && length > maxLength;
  const mention = mode === 'note' ? mentionAt(text, caret) : null;

  const send = async () => {
    if (text.trim() === '' || over || busy) return;
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      const path = `/api/conversations/${encodeURIComponent(conversationId)}/${mode === 'reply' ? 'replies' : 'notes'}`;
      const result = await api.post<NoteResult | { messageId: string }>(path, { text });
      const unknown = 'unknownMentions' in result ? result.unknownMentions : [];
      setNotice(unknown.length > 0 ? `Note saved; nobody matched ${unknown.map((u) => `@${u}`).join(', ')}.` : mode === 'reply' ? 'Reply queued.' : 'Note saved.');
      setText('');
      onSent();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    } else if (event.key === 'Escape') event.currentTarget.blur();
  };
  const pick = (agent: Agent) => {
    if (!mention) return;
    const next = `${text.slice(0, mention.start)}@${agent.email} ${text.slice(caret)}`;
    setText(next);
    setCaret(mention.start + agent.email.length + 2);
  };

  const label = mode === 'reply' ? 'Reply to the customer' : 'Internal note (only agents see it)';
  return (
    <form className={`compose compose-${mode}`} onSubmit={submit} aria-label="Compose">
      <div className="compose-tabs" role="tablist" aria-label="Compose mode">
        {(['reply', 'note'] as const).map((m) => (
          <button key={m} type="button" role="tab" aria-selected={mode === m} className={`tab${mode === m ? ' tab-active' : ''}`} onClick={() => onModeChange(m)}>
            {m === 'reply' ? 'Reply' : 'Note'}
          </button>
        ))}
      </div>
      <label className="visually-hidden" htmlFor="compose-text">
        {label}
      </label>
      <textarea
        id="compose-text"
        ref={ref}
        value={text}
        rows={4}
        placeholder={mode === 'reply' ? (canReply ? 'Write a reply…  (r)' : 'This channel cannot send replies') : 'Write a note; @name mentions an agent'}
        disabled={mode === 'reply' && !canReply}
        aria-describedby="compose-count"
        onChange={(e) => {
          setText(e.target.value);
          setCaret(e.target.selectionStart);
          if (mode === 'reply') onTyping();
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
      />
      {mention && <MentionSuggestions agents={matchAgents(agents, mention.query)} onPick={pick} />}
      <div className="compose-foot">
        <span id="compose-count" className={`count${over ? ' count-over' : ''}`} data-testid="char-count">
          {mode === 'reply' && maxLength !== null ? `${length} / ${maxLength} characters${over ? ` — ${length - maxLength} too many` : ''}` : `${length} characters`}
        </span>
        <span className="compose-notice" role="status">
          {notice}
        </span>
        <button type="submit" className="button button-primary" disabled={busy || text.trim() === '' || over || (mode === 'reply' && !canReply)}>
          {busy ? 'Sending…' : mode === 'reply' ? 'Send reply' : 'Add note'}
        </button>
      </div>
      <FormError error={error} />
    </form>
  );
});
