// The keyboard shortcuts, opened with `?`: a native dialog, so focus is trapped and Escape closes it.
import { useEffect, useRef } from 'react';

export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['j / k', 'next / previous conversation'],
  ['r', 'reply'],
  ['n', 'internal note'],
  ['e', 'resolve'],
  ['a', 'assign'],
  ['/', 'search'],
  ['Ctrl+Enter', 'send the reply or note'],
  ['?', 'this list'],
];

export function ShortcutsHelp({ open, onClose }: { readonly open: boolean; readonly onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <dl className="shortcuts">
        {SHORTCUTS.map(([key, what]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="button" onClick={onClose}>
        Close
      </button>
    </dialog>
  );
}
