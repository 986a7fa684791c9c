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
  /** every incident read: the open list (the ringing), one incident, the latest of a school */
  incidents: ['incidents'],
  alarmDevices: ['alarm-devices'],
  planTemplates: ['plan-templates'],
  /** the schools of the police map with their open incidents and devices */
  alarmOverview: ['alarm-overview'],
  drills: ['drills'],
  /** CAP feeds subscribed and the alerts they brought */
  cap: ['cap'],
  /** every request read: the queue, the ledger, one request, the rates */
  requests: ['requests'],
  /** a school's request catalogue: categories, routing rules, calendar, Open311 clients */
  requestCatalogue: ['request-catalogue'],
  /** every hazard read: the queue, the ledger, one hazard, 挂牌督办, the monthly report and those sent */
  hazards: ['hazards'],
  /** a school's rectification days per grade and grace days */
  hazardSettings: ['hazard-settings'],
  /** every grid task read: the board, the list, one task */
  tasks: ['tasks'],
  /** a school's task templates and schedules */
  taskConfig: ['task-config'],
  /** the signed-in user's own notifications: the bell's count, its drop-down, the inbox */
  notifications: ['notifications'],
} as const;
