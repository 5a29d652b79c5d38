// Settings for admins: one section at a time, chosen by the tabs at the top.
import { Link } from '../../router/link.js';
import { useTitle } from '../../router/use-location.js';
import { AgentsSettings } from './agents-settings.js';
import { ChannelAccountsSettings } from './channel-accounts-settings.js';
import { QueuesSettings } from './queues-settings.js';
import { TeamsSettings } from './teams-settings.js';
import { TokensSettings } from './tokens-settings.js';

const SECTIONS = [
  ['agents', 'Agents'],
  ['teams', 'Teams'],
  ['queues', 'Queues'],
  ['channels', 'Channel accounts'],
  ['tokens', 'API tokens'],
] as const;

export function SettingsPage({ section }: { readonly section: string }) {
  const current = SECTIONS.find(([slug]) => slug === section) ?? SECTIONS[0];
  useTitle(`Settings: ${current[1]}`);
  return (
    <div className="settings">
      <h1>Settings</h1>
      <nav aria-label="Settings sections">
        <ul className="tabs">
          {SECTIONS.map(([slug, label]) => (
            <li key={slug}>
              <Link to={`/settings/${slug}`} className={`tab${slug === current[0] ? ' tab-active' : ''}`} aria-current={slug === current[0] ? 'page' : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section className="settings-body" aria-label={current[1]}>
        {current[0] === 'agents' && <AgentsSettings />}
        {current[0] === 'teams' && <TeamsSettings />}
        {current[0] === 'queues' && <QueuesSettings />}
        {current[0] === 'channels' && <ChannelAccountsSettings />}
        {current[0] === 'tokens' && <TokensSettings />}
      </section>
    </div>
  );
}
