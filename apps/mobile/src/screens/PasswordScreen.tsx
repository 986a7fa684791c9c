import { changePassword } from '@anxiao/web-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { TopBar } from '../components/TopBar';
import { errorMessage, useI18n, type MessageKey } from '../i18n/I18nProvider';
import { useLogout } from '../session/useSession';

/** The server's length and letters-and-digits rules, checked early; it also refuses common passwords and the user name. */
function isStrongPassword(password: string): boolean {
  return password.length >= 10 && /[A-Za-z]/.test(password) && /\d/.test(password);
}

interface PasswordScreenProps {
  /** The account must get a new password before anything else. */
  forced: boolean;
}

export function PasswordScreen({ forced }: PasswordScreenProps) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const logout = useLogout();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  // A key, not a text: the message must follow a language switch made while it shows.
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [done, setDone] = useState(false);

  const save = useMutation({
    mutationFn: () => changePassword(current, next),
    onSuccess: async () => {
      setDone(true);
      setCurrent('');
      setNext('');
      setConfirm('');
      // Lifts the must-change lock: the app moves on to the home screen by itself.
      await queryClient.invalidateQueries();
    },
  });

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    save.reset();
    setDone(false);
    const found: MessageKey | null = !current
      ? 'password.currentRequired'
      : !isStrongPassword(next)
        ? 'password.rule'
        : next !== confirm
          ? 'password.mismatch'
          : null;
    setProblem(found);
    if (!found) save.mutate();
  };

  const message = problem ? t(problem) : save.error ? errorMessage(save.error, t) : null;

  return (
    <div className="screen">
      <TopBar title={t('home.password')} back={!forced} />
      <main className="content">
        {forced && <p className="notice">{t('password.forced')}</p>}
        <form className="card form" onSubmit={submit} noValidate>
          <label className="field">
            <span>{t('password.current')}</span>
            <input
              type="password"
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
              autoComplete="current-password"
            />
          </label>
          <label className="field">
            <span>{t('password.new')}</span>
            <input
              type="password"
              value={next}
              onChange={(e) => setNext(e.target.value)}
              autoComplete="new-password"
            />
            <small>{t('password.rule')}</small>
          </label>
          <label className="field">
            <span>{t('password.confirm')}</span>
            <input
              type="password"
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              autoComplete="new-password"
            />
          </label>
          {message && (
            <p className="error" role="alert">
              {message}
            </p>
          )}
          {done && <p className="success">{t('password.changed')}</p>}
          <button type="submit" className="button primary" disabled={save.isPending}>
            {t('common.save')}
          </button>
          {forced && (
            <button type="button" className="button" onClick={() => void logout()}>
              {t('home.logout')}
            </button>
          )}
        </form>
      </main>
    </div>
  );
}
