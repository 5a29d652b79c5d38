// Sign-in with email and password; the session cookie is set by the server, the CSRF token kept by the client.
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { Me, SetupStatus } from '../../api/types.js';
import { useTitle } from '../../router/use-location.js';
import { FormError } from '../../shared/form-error.js';
import { useSession } from './session.js';

export function LoginPage() {
  useTitle('Sign in');
  const { signedIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [setupNeeded, setSetupNeeded] = useState(false);
  useEffect(() => {
    api
      .get<SetupStatus>('/api/setup')
      .then((s) => setSetupNeeded(s.needed))
      .catch(() => setSetupNeeded(false)); // only a hint on this page; sign-in itself reports real failures
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      signedIn(await api.post<Me>('/api/auth/login', { email, password }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit} aria-labelledby="login-title">
        <p className="brand" aria-hidden="true">
          earshot
        </p>
        <h1 id="login-title">Sign in to the desk</h1>
        {setupNeeded && (
          <p className="notice" role="status">
            This desk has no admin yet. Open the one-time setup link that <code>npm start</code> printed to create the first admin.
          </p>
        )}
        <label className="field">
          <span>Email</span>
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </label>
        <label className="field">
          <span>Password</span>
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <FormError error={error} />
        <button type="submit" className="button button-primary button-wide" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
