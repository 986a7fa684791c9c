import { errorMessage, useI18n } from './i18n/I18nProvider';
import { useRoute } from './router';
import { HomeScreen } from './screens/HomeScreen';
import { LoginScreen } from './screens/LoginScreen';
import { PasswordScreen } from './screens/PasswordScreen';
import { ProfileScreen } from './screens/ProfileScreen';
import { useMeQuery } from './session/useSession';

export function App() {
  const { t } = useI18n();
  const me = useMeQuery();
  const route = useRoute();

  if (me.data) {
    if (me.data.mustChangePassword) return <PasswordScreen forced />;
    switch (route) {
      case 'profile':
        return <ProfileScreen me={me.data} />;
      case 'password':
        return <PasswordScreen forced={false} />;
      case 'home':
        return <HomeScreen me={me.data} />;
    }
  }
  if (me.isPending) return <div className="splash" aria-busy="true" />;
  if (me.isError) {
    return (
      <div className="screen centered">
        <p className="error">{errorMessage(me.error, t)}</p>
        <button type="button" className="button primary" onClick={() => void me.refetch()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  return <LoginScreen />;
}
