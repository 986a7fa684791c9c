import { useEffect } from 'react';
import { Icon } from './components/Icon';
import { errorMessage, useI18n } from './i18n/I18nProvider';
import { go, useRoute } from './router';
import { AlarmsScreen } from './screens/AlarmsScreen';
import { HomeScreen } from './screens/HomeScreen';
import { InboxScreen } from './screens/InboxScreen';
import { LoginScreen } from './screens/LoginScreen';
import { MyRequestsScreen } from './screens/MyRequestsScreen';
import { PasswordScreen } from './screens/PasswordScreen';
import { ProfileScreen } from './screens/ProfileScreen';
import { ReportScreen } from './screens/ReportScreen';
import { RequestScreen } from './screens/RequestScreen';
import { SnapScreen } from './screens/SnapScreen';
import { SosScreen } from './screens/SosScreen';
import { TaskScreen } from './screens/TaskScreen';
import { TasksScreen } from './screens/TasksScreen';
import { WarningScreen } from './screens/WarningScreen';
import { useMeQuery } from './session/useSession';
import { setSessionUser } from './session/current';
import { keepLastMe, lastMe } from './session/lastMe';
import { useCurrentSos } from './sos/useSos';
import type { CachedUser } from './tasks/cache';
import { lastTaskUser } from './tasks/cacheStore';

export function App() {
  const { t } = useI18n();
  const me = useMeQuery();
  const route = useRoute();
  const sos = useCurrentSos();

  // The page holds this account's CSRF token now (sign-in or GET /api/auth/me set it).
  const userId = me.data === undefined ? undefined : (me.data?.id ?? null);
  useEffect(() => {
    if (userId !== undefined) setSessionUser(userId);
  }, [userId]);
  useEffect(() => {
    if (me.data !== undefined) keepLastMe(me.data);
  }, [me.data]);

  // A private link works without signing in (an anonymous reporter has nothing to sign in with).
  if (route.name === 'track') return <RequestScreen key={route.token} loc={{ token: route.token }} />;
  // 随手拍 from a QR code: anyone, no account.
  if (route.name === 'snap') return <SnapScreen key={route.placeId ?? ''} placeId={route.placeId} />;

  if (me.data) {
    if (me.data.mustChangePassword) return <PasswordScreen forced />;
    switch (route.name) {
      case 'sos':
        return <SosScreen me={me.data} />;
      case 'profile':
        return <ProfileScreen me={me.data} />;
      case 'password':
        return <PasswordScreen forced={false} />;
      case 'report':
        return (
          <ReportScreen key={`${me.data.id}:${route.placeId ?? ''}`} me={me.data} placeId={route.placeId} />
        );
      case 'requests':
        return <MyRequestsScreen me={me.data} />;
      case 'request':
        return <RequestScreen key={route.id} loc={{ id: route.id }} />;
      case 'tasks':
        return <TasksScreen user={taskUser(me.data)} />;
      case 'task':
        return <TaskScreen key={route.id} user={taskUser(me.data)} id={route.id} />;
      case 'alarms':
        return <AlarmsScreen me={me.data} />;
      case 'inbox':
        return <InboxScreen />;
      case 'warning':
        return <WarningScreen key={route.id} id={route.id} />;
      case 'home':
        return <HomeScreen me={me.data} />;
    }
  }
  // Not known to be signed out (the phone may be offline): an alarm can still be pressed, and
  // one on its way stays in sight; the outbox sends it when the network is back.
  if (me.data === undefined && (route.name === 'sos' || sos?.state === 'pending'))
    return <SosScreen me={null} />;
  // The same for a grid worker's tasks: the list and the checklists last read open in a
  // stairwell with no network, for the account that read them.
  const offlineUser = me.data === undefined ? lastTaskUser() : null;
  if (offlineUser && route.name === 'tasks') return <TasksScreen user={offlineUser} />;
  if (offlineUser && route.name === 'task')
    return <TaskScreen key={route.id} user={offlineUser} id={route.id} />;
  // 我要报事 likewise: the form, its draft and the categories last read, sent when back online.
  const offlineMe = me.data === undefined ? lastMe() : null;
  if (offlineMe && route.name === 'report')
    return (
      <ReportScreen key={`${offlineMe.id}:${route.placeId ?? ''}`} me={offlineMe} placeId={route.placeId} />
    );
  // No network at all (the question waits for it): say so rather than show a blank page.
  const waiting = me.isPending && me.fetchStatus === 'paused';
  if (me.isPending && !waiting) return <div className="splash" aria-busy="true" />;
  if (me.isError || waiting) {
    return (
      <div className="screen centered">
        <p className="error">{waiting ? t('error.network') : errorMessage(me.error, t)}</p>
        <button type="button" className="button primary" onClick={() => void me.refetch()}>
          {t('common.retry')}
        </button>
        <button type="button" className="sos-entry" data-testid="sos-entry" onClick={() => go('sos')}>
          <Icon name="siren" size={36} />
          <span className="sos-entry-title">{t('home.sos')}</span>
        </button>
        {offlineUser && (
          <button
            type="button"
            className="button"
            data-testid="tile-tasks-offline"
            onClick={() => go('tasks')}
          >
            <Icon name="tasks" size={22} />
            {t('home.tasksOffline')}
          </button>
        )}
      </div>
    );
  }
  return <LoginScreen />;
}

const taskUser = (me: { id: string; displayName: string }): CachedUser => ({
  id: me.id,
  displayName: me.displayName,
});
