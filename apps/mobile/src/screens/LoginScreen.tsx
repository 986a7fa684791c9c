import { fetchDemoAccounts, login, reconcileLang } from '@anxiao/web-core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { queryKeys } from '../api/keys';
import type { DemoAccount } from '../api/types';
import { Icon } from '../components/Icon';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { errorMessage, useI18n } from '../i18n/I18nProvider';

export function LoginScreen() {
  const { t, setLang } = useI18n();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  const demo = useQuery({
    queryKey: queryKeys.demoAccounts,
    queryFn: fetchDemoAccounts,
    staleTime: Infinity,
  });
  const signIn = useMutation({
    mutationFn: () => login(username.trim(), password),
    onSuccess: (user) => {
      // A preference that fails to save is retried at the next sign-in.
      reconcileLang(user, setLang).catch(() => undefined);
      queryClient.setQueryData(queryKeys.me, user);
    },
  });

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    if (username.trim() && password) signIn.mutate();
  };

  const fill = (account: DemoAccount) => {
    setUsername(account.username);
    setPassword(account.password);
    signIn.reset();
  };

  return (
    <div className="screen login">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <div className="login-brand">
        <span className="login-logo">
          <Icon name="shield" size={44} />
        </span>
        <h1>{t('app.name')}</h1>
        <p>{t('app.tagline')}</p>
      </div>

      <form className="card form" onSubmit={submit} noValidate>
        <label className="field">
          <span>{t('login.username')}</span>
          <input
            value={username}
            onChange={(e) => {
              setUsername(e.target.value);
              signIn.reset();
            }}
            autoComplete="username"
            autoCapitalize="none"
            autoCorrect="off"
            required
          />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input
            type="password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
              signIn.reset();
            }}
            autoComplete="current-password"
            required
          />
        </label>
        {signIn.error && (
          <p className="error" role="alert">
            {errorMessage(signIn.error, t)}
          </p>
        )}
        <button
          type="submit"
          className="button primary"
          disabled={!username.trim() || !password || signIn.isPending}
        >
          {signIn.isPending ? t('login.submitting') : t('login.submit')}
        </button>
      </form>

      {demo.data && (
        <section className="demo">
          <h2>{t('login.demo.title')}</h2>
          <p className="hint">{t('login.demo.hint')}</p>
          <ul className="demo-list">
            {demo.data.map((account) => (
              <li key={account.username}>
                <button type="button" className="demo-item" onClick={() => fill(account)}>
                  <span className="demo-main">
                    <strong>{account.displayName}</strong>
                    <span className="tag">{t(`role.${account.role}`)}</span>
                  </span>
                  <span className="demo-sub">{account.orgName}</span>
                  <span className="demo-sub mono">
                    {account.username} / {account.password}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
