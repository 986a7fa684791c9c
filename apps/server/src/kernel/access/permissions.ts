/**
 * The central permission list. Every use case asks for exactly one of these; a role grants a set
 * of them over the subtree of the organisation where the role is held, and some of them also over
 * the schools linked to that organisation (a police station's jurisdiction, a bureau's supervision).
 * Modules add their permissions here, in one place, so the matrix test sees them all.
 */
export const PERMISSIONS = [
  'org.read',
  'org.manage',
  'user.read',
  'user.manage',
  'audit.read',
  'file.upload',
  'file.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

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

const STAFF_BASE: readonly Permission[] = ['org.read', 'file.upload', 'file.read'];

export const ROLE_GRANTS: Record<Role, RoleGrant> = {
  system_admin: { own: PERMISSIONS, linked: [] },
  school_admin: {
    own: ['org.read', 'org.manage', 'user.read', 'user.manage', 'audit.read', 'file.upload', 'file.read'],
    linked: [],
  },
  grid_center: { own: [...STAFF_BASE, 'user.read'], linked: [] },
  grid_leader: { own: [...STAFF_BASE, 'user.read'], linked: [] },
  grid_worker: { own: STAFF_BASE, linked: [] },
  guard: { own: STAFF_BASE, linked: [] },
  counselor: { own: [...STAFF_BASE, 'user.read'], linked: [] },
  police: { own: [...STAFF_BASE, 'user.read'], linked: ['org.read', 'file.read'] },
  supervisor: {
    own: [...STAFF_BASE, 'user.read', 'audit.read'],
    linked: ['org.read', 'user.read', 'file.read'],
  },
  reporter: { own: ['file.upload', 'file.read'], linked: [] },
};

/** Which kind of link a role reaches through. */
export const ROLE_LINK_KIND: Partial<Record<Role, 'jurisdiction' | 'supervision'>> = {
  police: 'jurisdiction',
  supervisor: 'supervision',
};

/** Roles a given role may hand out: nobody can grant more than they hold. */
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
