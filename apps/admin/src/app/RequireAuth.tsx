import { Button, Flex, Result, Spin } from 'antd';
import { useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ForcedPasswordChange } from '../features/auth/ForcedPasswordChange';
import { errorMessage, useT } from '../i18n/I18nProvider';
import { RealtimeProvider } from '../realtime/RealtimeProvider';
import { CurrentUserProvider } from '../session/CurrentUser';
import { useMeQuery } from '../session/useMeQuery';

/** Lets signed-in users through with their session around them; sends others to sign in. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const t = useT();
  const location = useLocation();
  const me = useMeQuery();
  // Only a deep link opened while signed out returns to its page after sign-in; after a sign-out
  // the next person to sign in should not land on the previous user's page.
  const [hadUser, setHadUser] = useState(false);
  if (me.data && !hadUser) setHadUser(true);

  if (me.data?.mustChangePassword) {
    return (
      <CurrentUserProvider user={me.data}>
        <ForcedPasswordChange />
      </CurrentUserProvider>
    );
  }
  if (me.data) {
    return (
      <CurrentUserProvider user={me.data}>
        <RealtimeProvider>{children}</RealtimeProvider>
      </CurrentUserProvider>
    );
  }
  if (me.isPending) {
    return (
      <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
        <Spin size="large" />
      </Flex>
    );
  }
  if (me.isError) {
    return (
      <Result
        status="warning"
        title={errorMessage(me.error, t)}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  const from = hadUser ? undefined : { from: location.pathname + location.search };
  return <Navigate to="/login" replace state={from} />;
}
