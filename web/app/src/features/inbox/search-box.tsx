// Full-text search over message text; `/` focuses it, Escape clears and leaves it.
import { forwardRef, useEffect, useState } from 'react';

export interface SearchBoxProps {
  readonly value: string;
  readonly onSearch: (q: string) => void;
}

export const SearchBox = forwardRef<HTMLInputElement, SearchBoxProps>(function SearchBox({ value, onSearch }, ref) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <form
      className="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(text.trim());
      }}
    >
      <label className="visually-hidden" htmlFor="inbox-search">
        Search messages
      </label>
      <input
        id="inbox-search"
        ref={ref}
        type="search"
        placeholder="Search messages  ( / )"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setText('');
            onSearch('');
            e.currentTarget.blur();
          }
        }}
      />
    </form>
  );
});
