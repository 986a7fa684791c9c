import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { useCanAny } from '../session/CurrentUser';
import { AppLayout } from './AppLayout';
import { LoginRoute } from './LoginRoute';
import { FEATURES, type FeatureEntry } from './menu';
import { RequireAuth } from './RequireAuth';
import { StatusPage } from './StatusPage';

function Guard({ permission, children }: { permission: FeatureEntry['permission']; children: ReactNode }) {
  const canAny = useCanAny();
  return canAny(permission) ? children : <StatusPage status={403} />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginRoute />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        {FEATURES.map(({ key, path, permission, Page }) => (
          <Route
            key={key}
            path={path === '/' ? path : `${path}/*`}
            element={
              <Guard permission={permission}>
                <Page />
              </Guard>
            }
          />
        ))}
        <Route path="*" element={<StatusPage status={404} />} />
      </Route>
    </Routes>
  );
}
