// Teams: groups of agents that own queues; create one, add or remove members.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { EmptyState } from '../../shared/empty-state.js';
import { FormError } from '../../shared/form-error.js';
import { useDirectory } from '../layout/directory.js';
import { useMutation } from './use-mutation.js';

export function TeamsSettings() {
  const { teams, agents, reload } = useDirectory();
  const mutation = useMutation(reload);
  const [name, setName] = useState('');
  const [member, setMember] = useState<Record<string, string>>({});

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (await mutation.run(() => api.post('/api/teams', { name }))) setName('');
  };

  return (
    <>
      {teams.length === 0 ? (
        <EmptyState title="No teams yet">
          <p>Agents with no team work the unteamed queues (such as Triage).</p>
        </EmptyState>
      ) : (
        <ul className="cards">
          {teams.map((t) => (
            <li key={t.id} className="card">
              <h2>{t.name}</h2>
              <ul className="members">
                {t.memberIds.map((id) => (
                  <li key={id}>
                    {agents.find((a) => a.id === id)?.name ?? id}{' '}
                    <button type="button" className="link-button" onClick={() => void mutation.run(() => api.delete(`/api/teams/${t.id}/members/${id}`))}>
                      remove
                    </button>
                  </li>
                ))}
                {t.memberIds.length === 0 && <li className="chip-muted">No members</li>}
              </ul>
              <form
                className="row-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  const agentId = member[t.id];
                  if (agentId) void mutation.run(() => api.put(`/api/teams/${t.id}/members/${agentId}`, {}));
                }}
              >
                <label className="inline-field">
                  <span>Add member</span>
                  <select value={member[t.id] ?? ''} onChange={(e) => setMember({ ...member, [t.id]: e.target.value })}>
                    <option value="">Choose an agent</option>
                    {agents
                      .filter((a) => !t.memberIds.includes(a.id))
                      .map((a) => (
                        <option key={a.id} value={a.id}>
                          {a.name}
                        </option>
                      ))}
                  </select>
                </label>
                <button type="submit" className="button">
                  Add
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={add} aria-labelledby="add-team">
        <h2 id="add-team">Create a team</h2>
        <label className="field">
          <span>Team name</span>
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" className="button button-primary" disabled={mutation.busy}>
          Create team
        </button>
        <FormError error={mutation.error} />
      </form>
    </>
  );
}
