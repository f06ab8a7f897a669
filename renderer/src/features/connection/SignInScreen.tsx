import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../app/hooks';
import { errorText, isContractError } from '../../i18n/errors';
import { signedOutBecause } from '../sync/problem';
import { useSignInMutation } from './connectionApi';
import './connection.css';

/**
 * The first-run screen (issue 5): sign in to a team server, or work on this computer — which
 * starts the same server in-process and syncs with it, so nothing differs afterwards.
 */
export function SignInScreen() {
  const { t } = useTranslation();
  const [signIn, state] = useSignInMutation();
  const progress = useAppSelector((s) => s.sync.progress);
  const signedOut = useAppSelector((s) => signedOutBecause(s.sync.problem));
  const [serverUrl, setServerUrl] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const ids = { server: useId(), email: useId(), password: useId(), error: useId() };
  // Worded from the codes; the core's message (English, for logs) stays in the store for devtools.
  const error = isContractError(state.error) ? errorText(t, state.error, 'connection') : null;

  const submitTeam = (event: FormEvent) => {
    event.preventDefault();
    void signIn({ mode: 'team', serverUrl: serverUrl.trim(), email: email.trim(), password });
  };

  return (
    <main className="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('connection.title')}</h1>
      <p className="sign-in-intro">{t('connection.intro')}</p>
      {signedOut !== null && <p className="sign-in-ended">{t(`connection.syncProblem.${signedOut}`)}</p>}
      <div className="sign-in-choices">
        <section className="sign-in-card" aria-labelledby="sign-in-solo">
          <h2 id="sign-in-solo">{t('connection.solo.heading')}</h2>
          <p>{t('connection.solo.body')}</p>
          <button
            type="button"
            className="primary"
            disabled={state.isLoading}
            onClick={() => void signIn({ mode: 'solo' })}
          >
            {t('connection.solo.action')}
          </button>
        </section>
        <section className="sign-in-card" aria-labelledby="sign-in-team">
          <h2 id="sign-in-team">{t('connection.team.heading')}</h2>
          <p>{t('connection.team.body')}</p>
          <form onSubmit={submitTeam} aria-describedby={error ? ids.error : undefined}>
            <label htmlFor={ids.server}>{t('connection.team.server')}</label>
            <input
              id={ids.server}
              type="url"
              required
              inputMode="url"
              autoComplete="url"
              placeholder={t('connection.team.serverHint')}
              value={serverUrl}
              onChange={(event) => setServerUrl(event.target.value)}
            />
            <label htmlFor={ids.email}>{t('connection.team.email')}</label>
            <input
              id={ids.email}
              type="email"
              required
              autoComplete="username"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
            <label htmlFor={ids.password}>{t('connection.team.password')}</label>
            <input
              id={ids.password}
              type="password"
              required
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
            <button type="submit" className="primary" disabled={state.isLoading}>
              {t('connection.team.action')}
            </button>
          </form>
        </section>
      </div>
      <div className="sign-in-status" role="status" aria-live="polite">
        {state.isLoading &&
          (progress
            ? t('connection.progress', { done: progress.done, total: progress.total })
            : t('connection.working'))}
      </div>
      {error && (
        <p id={ids.error} role="alert" className="sign-in-error">
          {error}
        </p>
      )}
    </main>
  );
}
