import { ApartmentOutlined, AuditOutlined, DashboardOutlined, TeamOutlined } from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { Permission } from '../api/types';
import type { MessageKey } from '../i18n/I18nProvider';

/** One console feature: its menu entry and its page. A new module adds one entry below. */
export interface FeatureEntry {
  key: string;
  path: string;
  icon: ReactNode;
  /** dictionary key of the menu label (both languages live in src/i18n) */
  label: MessageKey;
  /** needed to see the entry and open the page; none means every signed-in user */
  permission?: Permission;
  Page: LazyExoticComponent<ComponentType>;
}

export const FEATURES: readonly FeatureEntry[] = [
  {
    key: 'dashboard',
    path: '/',
    icon: <DashboardOutlined />,
    label: 'menu.dashboard',
    Page: lazy(() =>
      import('../features/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })),
    ),
  },
  {
    key: 'orgs',
    path: '/orgs',
    icon: <ApartmentOutlined />,
    label: 'menu.orgs',
    permission: 'org.read',
    Page: lazy(() => import('../features/orgs/OrgsPage').then((m) => ({ default: m.OrgsPage }))),
  },
  {
    key: 'users',
    path: '/users',
    icon: <TeamOutlined />,
    label: 'menu.users',
    permission: 'user.read',
    Page: lazy(() => import('../features/users/UsersPage').then((m) => ({ default: m.UsersPage }))),
  },
  {
    key: 'audit',
    path: '/audit',
    icon: <AuditOutlined />,
    label: 'menu.audit',
    permission: 'audit.read',
    Page: lazy(() => import('../features/audit/AuditPage').then((m) => ({ default: m.AuditPage }))),
  },
];
