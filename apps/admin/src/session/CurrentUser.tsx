import { createContext, useCallback, useContext, type ReactNode } from 'react';
import type { Me, Permission } from '../api/types';

const CurrentUserContext = createContext<Me | null>(null);

export function CurrentUserProvider({ user, children }: { user: Me; children: ReactNode }) {
  return <CurrentUserContext.Provider value={user}>{children}</CurrentUserContext.Provider>;
}

/** The signed-in user; only for pages behind the sign-in guard. */
export function useCurrentUser(): Me {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser must be used behind the sign-in guard');
  return user;
}

/**
 * Whether the user holds a permission in at least one organisation. It only decides what to
 * offer; the server applies the data scope of every request.
 */
export function useCan(): (permission: Permission) => boolean {
  const { permissions } = useCurrentUser();
  return useCallback((permission: Permission) => permissions.includes(permission), [permissions]);
}

/** Does the user hold any of the permissions (none given: every signed-in user)? */
export function useCanAny(): (permissions: Permission | readonly Permission[] | undefined) => boolean {
  const can = useCan();
  return (permissions) =>
    permissions === undefined || (typeof permissions === 'string' ? can(permissions) : permissions.some(can));
}
