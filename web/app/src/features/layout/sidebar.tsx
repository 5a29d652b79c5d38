// Navigation: the inbox views, queues and teams, settings for admins, the live-connection state and sign-out.
import { Link } from '../../router/link.js';
import { useLiveState } from '../../live/live-events.js';
import { useMe, useSession } from '../auth/session.js';
import { FIXED_VIEWS, queueView, teamView, type InboxView } from '../inbox/inbox-view.js';
import { useDirectory } from './directory.js';

const LIVE_TEXT = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', 'signed-out': 'Signed out' } as const;

function ViewLink({ view, current }: { readonly view: InboxView; readonly current: string }) {
  return (
    <li>
      <Link to={`/inbox/${view.slug}`} className="nav-link" aria-current={view.slug === current ? 'page' : undefined}>
        {view.label}
      </Link>
    </li>
  );
}

export function Sidebar({ current }: { readonly current: string }) {
  const me = useMe();
  const { signOut } = useSession();
  const { queues, teams } = useDirectory();
  const live = useLiveState();
  const working = me.permissions.includes('conversations:read');
  return (
    <nav className="sidebar" aria-label="Main">
      <p className="brand">earshot</p>
      {working && (
        <>
          <h2 className="nav-title">Inbox</h2>
          <ul className="nav-list">
            {FIXED_VIEWS.map((v) => (
              <ViewLink key={v.slug} view={v} current={current} />
            ))}
          </ul>
          {queues.length > 0 && (
            <>
              <h2 className="nav-title">Queues</h2>
              <ul className="nav-list">
                {queues.map((q) => (
                  <ViewLink key={q.id} view={queueView(q)} current={current} />
                ))}
              </ul>
            </>
          )}
          {teams.length > 0 && (
            <>
              <h2 className="nav-title">Teams</h2>
              <ul className="nav-list">
                {teams.map((t) => (
                  <ViewLink key={t.id} view={teamView(t)} current={current} />
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {me.permissions.includes('org:manage') && (
        <ul className="nav-list">
          <li>
            <Link to="/settings/agents" className="nav-link" aria-current={current === 'settings' ? 'page' : undefined}>
              Settings
            </Link>
          </li>
        </ul>
      )}
      <div className="sidebar-foot">
        <p className={`live live-${live}`} role="status" data-testid="live-state">
          <span aria-hidden="true">●</span> {LIVE_TEXT[live]}
        </p>
        <p className="me">
          {me.agent.name} <span className="chip-muted">({me.agent.role})</span>
        </p>
        <button type="button" className="link-button" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </nav>
  );
}
