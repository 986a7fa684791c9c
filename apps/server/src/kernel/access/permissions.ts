import { PERMISSIONS, type Permission } from '@anxiao/contracts';

// The central permission list lives in the contracts package, so the web apps check the same names.
export { PERMISSIONS, type Permission };

export const ROLES = [
  'system_admin',
  'school_admin',
  'grid_center',
  'grid_leader',
  'grid_worker',
  'guard',
  'counselor',
  'police',
  'supervisor',
  'reporter',
] as const;
export type Role = (typeof ROLES)[number];

interface RoleGrant {
  /** granted over the subtree of the organisation where the role is held */
  own: readonly Permission[];
  /** also granted over the subtrees of linked schools (jurisdiction / supervision) */
  linked: readonly Permission[];
}

const STAFF_BASE: readonly Permission[] = [
  'org.read',
  'file.upload',
  'file.read',
  'alarm.sos',
  'request.file',
  'hazard.report',
];
const REQUEST_CENTRE: readonly Permission[] = [
  'request.read',
  'request.handle',
  'request.dispatch',
  'request.catalogue',
];
/** who writes and sends warnings (预警): the security office, the grid centre, the bureau */
const WARNING_OFFICE: readonly Permission[] = ['warning.read', 'warning.send'];
const TASK_AND_HAZARD_OFFICE: readonly Permission[] = [
  'task.read',
  'task.manage',
  'hazard.read',
  'hazard.report',
  'hazard.rectify',
  'hazard.verify',
];

export const ROLE_GRANTS: Record<Role, RoleGrant> = {
  // Even the platform's administrators do not read who filed a sealed request: only the grid centre.
  system_admin: { own: PERMISSIONS.filter((p) => p !== 'request.sealed'), linked: [] },
  school_admin: {
    own: [
      'org.read',
      'org.manage',
      'user.read',
      'user.manage',
      'audit.read',
      'file.upload',
      'file.read',
      'place.read',
      'place.manage',
      'people.read',
      'people.manage',
      'people.sensitive',
      'grid.read',
      'grid.manage',
      'grid.contacts',
      'alarm.read',
      'alarm.raise',
      'alarm.sos',
      'alarm.handle',
      'alarm.devices',
      'alarm.drill',
      'request.file',
      ...REQUEST_CENTRE,
      ...TASK_AND_HAZARD_OFFICE,
      'cap.read',
      'cap.subscribe',
      'notify.records',
      ...WARNING_OFFICE,
      'warning.approve',
    ],
    linked: [],
  },
  grid_center: {
    own: [
      ...STAFF_BASE,
      'user.read',
      'place.read',
      'people.read',
      'grid.read',
      'grid.manage',
      'grid.contacts',
      'alarm.read',
      'alarm.raise',
      'alarm.handle',
      'alarm.drill',
      ...REQUEST_CENTRE,
      'request.sealed',
      ...TASK_AND_HAZARD_OFFICE,
      'cap.read',
      ...WARNING_OFFICE,
    ],
    linked: [],
  },
  // Grid leaders and workers reach grids through the grids they hold (GRID_POSITION_GRANTS),
  // not through their organisation: a leader of one building must not see the next one.
  grid_leader: { own: [...STAFF_BASE, 'user.read'], linked: [] },
  grid_worker: { own: STAFF_BASE, linked: [] },
  guard: {
    own: [
      ...STAFF_BASE,
      'place.read',
      'grid.read',
      'alarm.read',
      'alarm.raise',
      'alarm.handle',
      'request.handle',
      'hazard.rectify',
    ],
    linked: [],
  },
  counselor: {
    own: [
      ...STAFF_BASE,
      'user.read',
      'people.read',
      'grid.read',
      'grid.contacts',
      'request.handle',
      'hazard.rectify',
    ],
    linked: [],
  },
  police: {
    own: [...STAFF_BASE, 'user.read'],
    linked: [
      'org.read',
      'file.read',
      'place.read',
      'grid.read',
      'grid.contacts',
      'alarm.read',
      'alarm.handle',
      'alarm.police',
      'hazard.read',
      'hazard.report',
    ],
  },
  // The bureau and the 综治办 warn the schools they supervise: sent from their own organisation,
  // approved by a second person there (decision in modules/warnings/warnings.access.ts).
  supervisor: {
    // The bureau's own messages (its staff); the schools' messages are the schools' to see.
    own: [...STAFF_BASE, 'user.read', 'audit.read', 'notify.records', ...WARNING_OFFICE, 'warning.approve'],
    linked: [
      'warning.read',
      'warning.send',
      'warning.approve',
      'org.read',
      'user.read',
      'file.read',
      'place.read',
      'people.read',
      'grid.read',
      'alarm.read',
      'request.read',
      'task.read',
      'hazard.read',
    ],
  },
  reporter: { own: ['file.upload', 'file.read', 'alarm.sos', 'request.file'], linked: [] },
};

/** A position held in a grid (网格长 or 网格员/楼长/宿舍长…), loaded with the actor. */
export const GRID_POSITIONS = ['leader', 'member'] as const;
export type GridPositionKind = (typeof GRID_POSITIONS)[number];

/** What a grid position grants over that grid's subtree of grids. */
export const GRID_POSITION_GRANTS: Record<GridPositionKind, readonly Permission[]> = {
  leader: [
    'grid.read',
    'grid.manage',
    'grid.contacts',
    'request.read',
    'request.handle',
    'task.read',
    'task.do',
    'hazard.read',
    'hazard.rectify',
  ],
  member: [
    'grid.read',
    'grid.contacts',
    'request.read',
    'request.handle',
    'task.read',
    'task.do',
    'hazard.read',
    'hazard.rectify',
  ],
};

/** Which kind of link a role reaches through. */
export const ROLE_LINK_KIND: Partial<Record<Role, 'jurisdiction' | 'supervision'>> = {
  police: 'jurisdiction',
  supervisor: 'supervision',
};

/** Roles a given role may hand out; grantDecision (grants.ts) also refuses any permission the granter lacks. */
export const ROLE_ASSIGNABLE_BY: Record<Role, readonly Role[]> = {
  system_admin: ROLES,
  school_admin: [
    'school_admin',
    'grid_center',
    'grid_leader',
    'grid_worker',
    'guard',
    'counselor',
    'reporter',
  ],
  grid_center: [],
  grid_leader: [],
  grid_worker: [],
  guard: [],
  counselor: [],
  police: [],
  supervisor: [],
  reporter: [],
};
