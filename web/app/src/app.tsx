// Routes: sign-in and setup when signed out; inbox, conversation and settings behind the sign-in gate.
import { useEffect } from 'react';
import { LoginPage } from './features/auth/login-page.js';
import { SessionProvider, useSession } from './features/auth/session.js';
import { SetupPage } from './features/auth/setup-page.js';
import { InboxPage } from './features/inbox/inbox-page.js';
import { AppShell } from './features/layout/app-shell.js';
import { DirectoryProvider } from './features/layout/directory.js';
import { SettingsPage } from './features/settings/settings-page.js';
import { LiveEventsProvider } from './live/live-events.js';
import { navigate, useLocation } from './router/use-location.js';
import { EmptyState } from './shared/empty-state.js';
import { ErrorState } from './shared/error-state.js';

function SignedInRoutes() {
  const location = useLocation();
  const parts = location.pathname.split('/').filter(Boolean);
  const home = '/inbox/open';
  useEffect(() => {
    if (parts.length === 0 || parts[0] === 'setup' || parts[0] === 'login') navigate(home, { replace: true });
  });
  if (parts[0] === 'settings') {
    return (
      <AppShell current="settings">
        <SettingsPage section={parts[1] ?? 'agents'} />
      </AppShell>
    );
  }
  if (parts[0] === 'inbox' && parts[1]) {
    const conversationId = parts[2] === 'c' && parts[3] ? parts[3] : null;
    return (
      <AppShell current={parts[1]}>
        <InboxPage viewSlug={parts[1]} conversationId={conversationId} q={location.searchParams.get('q') ?? ''} />
      </AppShell>
    );
  }
  if (parts.length === 0 || parts[0] === 'inbox' || parts[0] === 'setup' || parts[0] === 'login') return null;
  return (
    <AppShell current="">
      <EmptyState title="This page does not exist">
        <p>
          Go back to the <a href={home}>inbox</a>.
        </p>
      </EmptyState>
    </AppShell>
  );
}

function Gate() {
  const { session, reload } = useSession();
  const location = useLocation();
  if (session.kind === 'loading') return <p className="loading loading-page" role="status">Loading earshot…</p>;
  if (session.kind === 'error') {
    return (
      <main className="auth-page">
        <ErrorState error={session.error} onRetry={reload} title="The desk could not be reached" />
      </main>
    );
  }
  if (session.kind === 'signed-out') {
    return location.pathname === '/setup' ? <SetupPage token={location.searchParams.get('token') ?? ''} /> : <LoginPage />;
  }
  return (
    <LiveEventsProvider>
      <DirectoryProvider>
        <SignedInRoutes />
      </DirectoryProvider>
    </LiveEventsProvider>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Gate />
    </SessionProvider>
  );
}
