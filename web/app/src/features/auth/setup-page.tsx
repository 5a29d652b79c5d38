// First-admin setup: spends the one-time token from the link `npm start` printed and signs the new admin in.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { Me } from '../../api/types.js';
import { navigate, useTitle } from '../../router/use-location.js';
import { FormError } from '../../shared/form-error.js';
import { useSession } from './session.js';

export function SetupPage({ token }: { readonly token: string }) {
  useTitle('Create the first admin');
  const { signedIn } = useSession();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await api.post<Me>('/api/setup', { token, name, email, password });
      signedIn(me);
      navigate('/settings/channels', { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit} aria-labelledby="setup-title">
        <p className="brand" aria-hidden="true">
          earshot
        </p>
        <h1 id="setup-title">Create the first admin</h1>
        {token === '' ? (
          <p className="notice" role="alert">
            This page needs the one-time setup link that <code>npm start</code> printed (it ends in <code>?token=…</code>).
          </p>
        ) : (
          <p className="hint">This link works once. The admin you create here can add everyone else.</p>
        )}
        <label className="field">
          <span>Name</span>
          <input name="name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </label>
        <label className="field">
          <span>Email</span>
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>Password (10 characters or more)</span>
          <input type="password" name="password" autoComplete="new-password" minLength={10} required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <FormError error={error} />
        <button type="submit" className="button button-primary button-wide" disabled={busy || token === ''}>
          {busy ? 'Creating…' : 'Create admin and sign in'}
        </button>
      </form>
    </main>
  );
}
