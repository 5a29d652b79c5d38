// The inbox: search, the virtualised list of the chosen view, and the open conversation beside it.
// Shortcuts: j/k next/previous conversation, / search.
import { useCallback, useRef } from 'react';
import { navigate, useTitle } from '../../router/use-location.js';
import { EmptyState } from '../../shared/empty-state.js';
import { ErrorState } from '../../shared/error-state.js';
import { useShortcuts } from '../../shared/use-shortcuts.js';
import { ConversationView } from '../conversation/conversation-view.js';
import { useDirectory } from '../layout/directory.js';
import { ConversationList } from './conversation-list.js';
import { resolveView } from './inbox-view.js';
import { SearchBox } from './search-box.js';
import { useConversationList } from './use-conversation-list.js';

export interface InboxPageProps {
  readonly viewSlug: string;
  readonly conversationId: string | null;
  readonly q: string;
}

export function InboxPage({ viewSlug, conversationId, q }: InboxPageProps) {
  const { queues, teams } = useDirectory();
  const view = resolveView(viewSlug, queues, teams);
  useTitle(q ? `Search “${q}”` : view.label);
  const list = useConversationList(q ? { ...view.query, q } : view.query);
  const search = useRef<HTMLInputElement>(null);
  const suffix = q ? `?q=${encodeURIComponent(q)}` : '';
  const hrefOf = useCallback((id: string) => `/inbox/${viewSlug}/c/${id}${suffix}`, [viewSlug, suffix]);

  const step = (delta: number) => {
    if (list.items.length === 0) return;
    const at = conversationId === null ? -1 : list.items.findIndex((c) => c.id === conversationId);
    const next = list.items[Math.max(0, Math.min(list.items.length - 1, at + delta))];
    if (next) navigate(hrefOf(next.id));
  };
  useShortcuts({
    j: () => step(1),
    k: () => step(-1),
    '/': () => search.current?.focus(),
  });

  const label = q ? `Search results for ${q}` : `${view.label} conversations`;
  return (
    <div className="inbox">
      <section className="inbox-list" aria-labelledby="inbox-title">
        <div className="inbox-head">
          <h1 id="inbox-title">{q ? 'Search' : view.label}</h1>
          <span className="inbox-count" aria-live="polite">
            {list.loading ? 'loading…' : `${list.items.length}${list.hasMore ? '+' : ''}`}
          </span>
        </div>
        <SearchBox ref={search} value={q} onSearch={(text) => navigate(`/inbox/${viewSlug}${text ? `?q=${encodeURIComponent(text)}` : ''}`)} />
        {list.error !== null && list.items.length === 0 ? (
          <ErrorState error={list.error} onRetry={list.reload} title="The inbox could not be loaded" />
        ) : !list.loading && list.items.length === 0 ? (
          <EmptyState title={q ? 'No messages match' : 'Nothing waiting here'}>
            {q ? <p>Try fewer words, or another view.</p> : <p>New conversations appear here as soon as they arrive.</p>}
          </EmptyState>
        ) : (
          <ConversationList items={list.items} selectedId={conversationId} hrefOf={hrefOf} hasMore={list.hasMore} onEndReached={list.loadMore} label={label} />
        )}
      </section>
      <div className="inbox-detail">
        {conversationId ? (
          <ConversationView key={conversationId} conversationId={conversationId} />
        ) : (
          <EmptyState title="No conversation open">
            <p>
              Pick one from the list, or press <kbd>j</kbd> to open the first. <kbd>?</kbd> lists every shortcut.
            </p>
          </EmptyState>
        )}
      </div>
    </div>
  );
}
