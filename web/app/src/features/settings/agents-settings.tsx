// Agents: who works in the desk, their role and teams; add one, disable or re-enable one.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { Agent } from '../../api/types.js';
import { EmptyState } from '../../shared/empty-state.js';
import { ErrorState } from '../../shared/error-state.js';
import { FormError } from '../../shared/form-error.js';
import { useApi } from '../../shared/use-api.js';
import { useDirectory } from '../layout/directory.js';
import { useMutation } from './use-mutation.js';

const ROLES = ['agent', 'lead', 'admin', 'viewer'] as const;

export function AgentsSettings() {
  const agents = useApi<{ items: Agent[] }>('/api/agents');
  const { teams, reload } = useDirectory();
  const mutation = useMutation(() => {
    agents.reload();
    reload();
  });
  const [form, setForm] = useState({ name: '', email: '', role: 'agent' as (typeof ROLES)[number], password: '', teamId: '' });

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await mutation.run(() =>
      api.post('/api/agents', { name: form.name, email: form.email, role: form.role, password: form.password, teamIds: form.teamId ? [form.teamId] : [] }),
    );
    if (ok) setForm({ name: '', email: '', role: 'agent', password: '', teamId: '' });
  };

  if (agents.error) return <ErrorState error={agents.error} onRetry={agents.reload} />;
  const items = agents.data?.items ?? [];
  return (
    <>
      {items.length === 0 && !agents.loading ? (
        <EmptyState title="No agents yet" />
      ) : (
        <table className="table">
          <caption className="visually-hidden">Agents</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Teams</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>{a.name}</td>
                <td>{a.email}</td>
                <td>{a.role}</td>
                <td>{a.teamIds.map((id) => teams.find((t) => t.id === id)?.name ?? id).join(', ') || '—'}</td>
                <td>
                  <button type="button" className="link-button" onClick={() => void mutation.run(() => api.patch(`/api/agents/${a.id}`, { disabled: !a.disabled }))}>
                    {a.disabled ? 'Disabled — enable' : 'Active — disable'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="inline-form" onSubmit={add} aria-labelledby="add-agent">
        <h2 id="add-agent">Add an agent</h2>
        <label className="field">
          <span>Name</span>
          <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label className="field">
          <span>Email</span>
          <input type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
        </label>
        <label className="field">
          <span>Role</span>
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as (typeof ROLES)[number] })}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Team</span>
          <select value={form.teamId} onChange={(e) => setForm({ ...form, teamId: e.target.value })}>
            <option value="">No team</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Password (10+ characters)</span>
          <input type="password" autoComplete="new-password" minLength={10} required value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        </label>
        <button type="submit" className="button button-primary" disabled={mutation.busy}>
          Add agent
        </button>
        <FormError error={mutation.error} />
      </form>
    </>
  );
}
