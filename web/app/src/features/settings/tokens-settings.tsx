// API tokens: create one (shown once), see when each was last used, revoke.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { ApiToken, CreatedToken } from '../../api/types.js';
import { EmptyState } from '../../shared/empty-state.js';
import { ErrorState } from '../../shared/error-state.js';
import { FormError } from '../../shared/form-error.js';
import { clockTime } from '../../shared/relative-time.js';
import { useApi } from '../../shared/use-api.js';
import { useMutation } from './use-mutation.js';

export function TokensSettings() {
  const tokens = useApi<{ items: ApiToken[] }>('/api/tokens');
  const mutation = useMutation(tokens.reload);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'read' | 'write'>('read');
  const [created, setCreated] = useState<string | null>(null);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    await mutation.run(async () => {
      const result = await api.post<CreatedToken>('/api/tokens', { name, scope });
      setCreated(result.token);
      setName('');
    });
  };

  if (tokens.error) return <ErrorState error={tokens.error} onRetry={tokens.reload} />;
  const items = tokens.data?.items ?? [];
  return (
    <>
      {created && (
        <p className="notice" role="status">
          New token (shown once, copy it now): <code className="code">{created}</code>
        </p>
      )}
      {items.length === 0 && !tokens.loading ? (
        <EmptyState title="No API tokens" />
      ) : (
        <table className="table">
          <caption className="visually-hidden">API tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Scope</th>
              <th scope="col">Starts with</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{t.scope}</td>
                <td>
                  <code className="code">{t.prefix}</code>
                </td>
                <td>{t.lastUsedAt ? clockTime(t.lastUsedAt) : 'never'}</td>
                <td>
                  {t.revokedAt ? (
                    'revoked'
                  ) : (
                    <button type="button" className="link-button" onClick={() => void mutation.run(() => api.delete(`/api/tokens/${t.id}`))}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="inline-form" onSubmit={add} aria-labelledby="add-token">
        <h2 id="add-token">Create an API token</h2>
        <label className="field">
          <span>Name</span>
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>Scope</span>
          <select value={scope} onChange={(e) => setScope(e.target.value as 'read' | 'write')}>
            <option value="read">read</option>
            <option value="write">write</option>
          </select>
        </label>
        <button type="submit" className="button button-primary" disabled={mutation.busy}>
          Create token
        </button>
        <FormError error={mutation.error} />
      </form>
    </>
  );
}
