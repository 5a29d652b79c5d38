// The virtualised inbox list: only the rows in view (plus a few) are in the DOM, so 10,000 conversations scroll
// as smoothly as 10. Reaching the end asks for the next page; the selected row is kept in view (j/k).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { ConversationSummary } from '../../api/types.js';
import { useNow } from '../../shared/use-now.js';
import { ConversationRow } from './conversation-row.js';

const ROW_HEIGHT = 84;

export interface ConversationListProps {
  readonly items: readonly ConversationSummary[];
  readonly selectedId: string | null;
  readonly hrefOf: (id: string) => string;
  readonly hasMore: boolean;
  readonly onEndReached: () => void;
  readonly label: string;
}

export function ConversationList({ items, selectedId, hrefOf, hasMore, onEndReached, label }: ConversationListProps) {
  const parent = useRef<HTMLDivElement>(null);
  const now = useNow();
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => parent.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const rows = virtualizer.getVirtualItems();
  const last = rows.at(-1);

  useEffect(() => {
    if (hasMore && last && last.index >= items.length - 20) onEndReached();
  }, [hasMore, last, items.length, onEndReached]);

  const selectedIndex = selectedId === null ? -1 : items.findIndex((c) => c.id === selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  return (
    <div ref={parent} className="list-scroll" role="region" aria-label={label} tabIndex={-1}>
      <ul className="list" style={{ height: virtualizer.getTotalSize() }} aria-label={label} data-count={items.length}>
        {rows.map((row) => {
          const c = items[row.index]!;
          return (
            <li key={c.id} className="list-item" style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}>
              <ConversationRow conversation={c} href={hrefOf(c.id)} selected={c.id === selectedId} now={now} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
