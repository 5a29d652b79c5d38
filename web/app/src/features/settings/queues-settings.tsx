// Queues: where work waits, each owned by a team (or by nobody: the unteamed queues every lead sees).
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { FormError } from '../../shared/form-error.js';
import { useDirectory } from '../layout/directory.js';
import { useMutation } from './use-mutation.js';

export function QueuesSettings() {
  const { queues, teams, reload } = useDirectory();
  const mutation = useMutation(reload);
  const [name, setName] = useState('');
  const [teamId, setTeamId] = useState('');

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (await mutation.run(() => api.post('/api/queues', { name, teamId: teamId || null }))) setName('');
  };

  return (
    <>
      <table className="table">
        <caption className="visually-hidden">Queues</caption>
        <thead>
          <tr>
            <th scope="col">Queue</th>
            <th scope="col">Team</th>
          </tr>
        </thead>
        <tbody>
          {queues.map((q) => (
            <tr key={q.id}>
              <td>
                {q.name} {q.isDefault && <span className="badge badge-muted">default</span>}
              </td>
              <td>{teams.find((t) => t.id === q.teamId)?.name ?? 'No team (everyone)'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="inline-form" onSubmit={add} aria-labelledby="add-queue">
        <h2 id="add-queue">Create a queue</h2>
        <label className="field">
          <span>Queue name</span>
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>Team</span>
          <select value={teamId} onChange={(e) => setTeamId(e.target.value)}>
            <option value="">No team</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button-primary" disabled={mutation.busy}>
          Create queue
        </button>
        <FormError error={mutation.error} />
      </form>
    </>
  );
}
