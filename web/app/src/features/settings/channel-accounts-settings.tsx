// Channel accounts: connect one (its settings and credentials as key=value lines, checked by the channel's
// schema on the server), see the webhook URL to give the provider, remove one. Credentials are never shown.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { ChannelAccount } from '../../api/types.js';
import { ChannelIcon, channelName } from '../../shared/channel-icon.js';
import { EmptyState } from '../../shared/empty-state.js';
import { ErrorState } from '../../shared/error-state.js';
import { FormError } from '../../shared/form-error.js';
import { useApi } from '../../shared/use-api.js';
import { useMutation } from './use-mutation.js';

/** `key=value` lines into an object; blank lines and lines without `=` are ignored. */
export function parseConfigLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

export function ChannelAccountsSettings() {
  const accounts = useApi<{ items: ChannelAccount[] }>('/api/channel-accounts');
  const mutation = useMutation(accounts.reload);
  const [kind, setKind] = useState('twilio');
  const [name, setName] = useState('');
  const [config, setConfig] = useState('');

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (await mutation.run(() => api.post('/api/channel-accounts', { kind, name, config: parseConfigLines(config) }))) {
      setName('');
      setConfig('');
    }
  };

  if (accounts.error) return <ErrorState error={accounts.error} onRetry={accounts.reload} />;
  const items = accounts.data?.items ?? [];
  return (
    <>
      {items.length === 0 && !accounts.loading ? (
        <EmptyState title="No channel accounts connected">
          <p>Connect one below; archives can also be brought in with earshot import.</p>
        </EmptyState>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Channel accounts</caption>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Channel</th>
              <th scope="col">Webhook URL</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>{a.name}</td>
                <td>
                  <ChannelIcon kind={a.kind} /> {channelName(a.kind)} {a.hasSecrets && <span className="badge badge-muted">credentials set</span>}
                </td>
                <td>
                  <code className="code">{`${window.location.origin}/hooks/${a.kind}/${a.id}`}</code>
                </td>
                <td>
                  <button type="button" className="link-button" onClick={() => void mutation.run(() => api.delete(`/api/channel-accounts/${a.id}`))}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="inline-form" onSubmit={add} aria-labelledby="add-account">
        <h2 id="add-account">Connect a channel account</h2>
        <label className="field">
          <span>Channel</span>
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="twilio">SMS/WhatsApp (Twilio)</option>
            <option value="webchat">Web chat</option>
            <option value="phone">Phone (CTI events)</option>
          </select>
        </label>
        <label className="field">
          <span>Name</span>
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field field-wide">
          <span>Settings, one key=value per line (for Twilio: accountSid, authToken, fromNumber)</span>
          <textarea rows={4} value={config} onChange={(e) => setConfig(e.target.value)} spellCheck={false} />
        </label>
        <button type="submit" className="button button-primary" disabled={mutation.busy}>
          Connect
        </button>
        <FormError error={mutation.error} />
        <p className="hint">Testing a connection from here needs an API endpoint that does not exist yet; use earshot channel test ID.</p>
      </form>
    </>
  );
}
