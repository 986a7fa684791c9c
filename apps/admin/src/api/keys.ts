/** Query keys shared by the pages that read and the realtime feed that invalidates them. */
export const queryKeys = {
  me: ['me'],
  demoAccounts: ['demo-accounts'],
  orgs: ['orgs'],
  users: ['users'],
  audit: ['audit'],
  grids: ['grids'],
  coverage: ['coverage'],
  map: ['map'],
  places: ['places'],
  equipment: ['equipment'],
  students: ['students'],
  staff: ['staff'],
  studentGroups: ['student-groups'],
  imports: ['imports'],
} as const;
