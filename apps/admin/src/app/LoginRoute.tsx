import { Navigate, useLocation } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage';
import { useMeQuery } from '../session/useMeQuery';

function returnPath(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'from' in state && typeof state.from === 'string') {
    return state.from;
  }
  return '/';
}

/** The sign-in page, left for where the user was going as soon as a session exists. */
export function LoginRoute() {
  const location = useLocation();
  const me = useMeQuery();
  if (me.data) return <Navigate to={returnPath(location.state)} replace />;
  return <LoginPage />;
}
