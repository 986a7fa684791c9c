import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BorderOuterOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  FireOutlined,
  HomeOutlined,
  ApiOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  IdcardOutlined,
  RadarChartOutlined,
  TeamOutlined,
  UsergroupAddOutlined,
  UserOutlined,
} from '@ant-design/icons';
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
  /** needed to see the entry and open the page (any of several); none means every signed-in user */
  permission?: Permission | readonly Permission[];
  /** menu group the entry sits under (dictionary key); none: top level */
  group?: MessageKey;
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
    key: 'incidents',
    path: '/incidents',
    icon: <AlertOutlined />,
    label: 'menu.incidents',
    group: 'menu.group.alarm',
    permission: 'alarm.read',
    Page: lazy(() => import('../features/alarms/IncidentsPage').then((m) => ({ default: m.IncidentsPage }))),
  },
  {
    key: 'police',
    path: '/police',
    icon: <SafetyOutlined />,
    label: 'menu.police',
    group: 'menu.group.alarm',
    permission: 'alarm.police',
    Page: lazy(() =>
      import('../features/alarms/PoliceConsolePage').then((m) => ({ default: m.PoliceConsolePage })),
    ),
  },
  {
    key: 'alarm-devices',
    path: '/alarm-devices',
    icon: <ApiOutlined />,
    label: 'menu.alarmDevices',
    group: 'menu.group.alarm',
    permission: 'alarm.read',
    Page: lazy(() => import('../features/alarms/DevicesPage').then((m) => ({ default: m.DevicesPage }))),
  },
  {
    key: 'drills',
    path: '/drills',
    icon: <ScheduleOutlined />,
    label: 'menu.drills',
    group: 'menu.group.alarm',
    permission: 'alarm.read',
    Page: lazy(() => import('../features/drills/DrillsPage').then((m) => ({ default: m.DrillsPage }))),
  },
  {
    key: 'grids',
    path: '/grids',
    icon: <BorderOuterOutlined />,
    label: 'menu.grids',
    group: 'menu.group.grid',
    permission: 'grid.read',
    Page: lazy(() => import('../features/grids/GridsPage').then((m) => ({ default: m.GridsPage }))),
  },
  {
    key: 'coverage',
    path: '/coverage',
    icon: <RadarChartOutlined />,
    label: 'menu.coverage',
    group: 'menu.group.grid',
    permission: 'grid.read',
    Page: lazy(() => import('../features/grids/CoveragePage').then((m) => ({ default: m.CoveragePage }))),
  },
  {
    key: 'map',
    path: '/map',
    icon: <EnvironmentOutlined />,
    label: 'menu.map',
    group: 'menu.group.grid',
    permission: 'place.read',
    Page: lazy(() => import('../features/map/CampusMapPage').then((m) => ({ default: m.CampusMapPage }))),
  },
  {
    key: 'students',
    path: '/students',
    icon: <UserOutlined />,
    label: 'menu.students',
    group: 'menu.group.base',
    permission: 'people.read',
    Page: lazy(() => import('../features/people/StudentsPage').then((m) => ({ default: m.StudentsPage }))),
  },
  {
    key: 'staff',
    path: '/staff',
    icon: <IdcardOutlined />,
    label: 'menu.staff',
    group: 'menu.group.base',
    permission: 'people.read',
    Page: lazy(() => import('../features/people/StaffPage').then((m) => ({ default: m.StaffPage }))),
  },
  {
    key: 'student-groups',
    path: '/student-groups',
    icon: <UsergroupAddOutlined />,
    label: 'menu.studentGroups',
    group: 'menu.group.base',
    permission: 'people.read',
    Page: lazy(() =>
      import('../features/people/StudentGroupsPage').then((m) => ({ default: m.StudentGroupsPage })),
    ),
  },
  {
    key: 'places',
    path: '/places',
    icon: <HomeOutlined />,
    label: 'menu.places',
    group: 'menu.group.base',
    permission: 'place.read',
    Page: lazy(() => import('../features/places/PlacesPage').then((m) => ({ default: m.PlacesPage }))),
  },
  {
    key: 'equipment',
    path: '/equipment',
    icon: <FireOutlined />,
    label: 'menu.equipment',
    group: 'menu.group.base',
    permission: 'place.read',
    Page: lazy(() => import('../features/places/EquipmentPage').then((m) => ({ default: m.EquipmentPage }))),
  },
  {
    key: 'imports',
    path: '/imports',
    icon: <CloudUploadOutlined />,
    label: 'menu.imports',
    group: 'menu.group.base',
    permission: ['people.manage', 'place.manage', 'grid.manage'],
    Page: lazy(() => import('../features/imports/ImportsPage').then((m) => ({ default: m.ImportsPage }))),
  },
  {
    key: 'orgs',
    group: 'menu.group.system',
    path: '/orgs',
    icon: <ApartmentOutlined />,
    label: 'menu.orgs',
    permission: 'org.read',
    Page: lazy(() => import('../features/orgs/OrgsPage').then((m) => ({ default: m.OrgsPage }))),
  },
  {
    key: 'users',
    group: 'menu.group.system',
    path: '/users',
    icon: <TeamOutlined />,
    label: 'menu.users',
    permission: 'user.read',
    Page: lazy(() => import('../features/users/UsersPage').then((m) => ({ default: m.UsersPage }))),
  },
  {
    key: 'audit',
    group: 'menu.group.system',
    path: '/audit',
    icon: <AuditOutlined />,
    label: 'menu.audit',
    permission: 'audit.read',
    Page: lazy(() => import('../features/audit/AuditPage').then((m) => ({ default: m.AuditPage }))),
  },
];
