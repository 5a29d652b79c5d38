// The conversation's messages, replies and notes in time order; scrolls to the newest when one arrives.
import { useEffect, useRef } from 'react';
import type { Message } from '../../api/types.js';
import { EmptyState } from '../../shared/empty-state.js';
import { MessageItem } from './message-item.js';

export function Timeline({ messages }: { readonly messages: readonly Message[] }) {
  const end = useRef<HTMLDivElement>(null);
  const lastId = messages.at(-1)?.id;
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [lastId]);
  if (messages.length === 0) return <EmptyState title="No messages yet" />;
  return (
    <div className="timeline" role="region" aria-label="Timeline" tabIndex={0}>
      <ol className="timeline-list">
        {messages.map((m) => (
          <MessageItem key={m.id} message={m} />
        ))}
      </ol>
      <div ref={end} />
    </div>
  );
}
