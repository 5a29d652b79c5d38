// The signed-in frame: sidebar, the page, the shortcut list on `?`, and a skip link for keyboard users.
import { useState, type ReactNode } from 'react';
import { useShortcuts } from '../../shared/use-shortcuts.js';
import { ShortcutsHelp } from './shortcuts-help.js';
import { Sidebar } from './sidebar.js';

export function AppShell({ current, children }: { readonly current: string; readonly children: ReactNode }) {
  const [help, setHelp] = useState(false);
  useShortcuts({ '?': () => setHelp(true) });
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar current={current} />
      <main id="main" className="shell-main" tabIndex={-1}>
        {children}
      </main>
      <ShortcutsHelp open={help} onClose={() => setHelp(false)} />
    </div>
  );
}
