import type { paths } from '@anxiao/api-client';
import { valuesOf, type Schemas, type JsonBody, type QueryOf } from '../../lib/apiTypes';

export type Hazard = Schemas['Hazard'];
export type HazardDetail = Schemas['HazardDetail'];
export type HazardEvent = Schemas['HazardEvent'];
export type QueueItem = Schemas['HazardQueueItem'];
export type HazardSettings = Schemas['HazardSettings'];
export type Monthly = Schemas['HazardMonthly'];
export type SentReport = Schemas['HazardReportSent'];
export type FiveFixes = NonNullable<Hazard['plan']>;
export type Unit = NonNullable<Hazard['unit']>;

export type HazardStatus = Hazard['status'];
export type Grade = Hazard['grade'];
export type Origin = Hazard['origin'];
export type Todo = QueueItem['todo'];
export type EventKind = HazardEvent['kind'];
export type Phase = NonNullable<HazardEvent['phase']>;

export type ActionInput = JsonBody<paths['/api/hazards/{id}/actions']['post']['requestBody']>;
export type HazardAction = HazardDetail['actions'][number];
export type ReportInput = JsonBody<paths['/api/hazards']['post']['requestBody']>;
/** The origins a member of staff may give when reporting by hand (公安检查 only for the police). */
export type ReportOrigin = NonNullable<ReportInput['origin']>;
export type SettingsInput = JsonBody<paths['/api/hazard-settings/{schoolId}']['put']['requestBody']>;
export type MonthlyQuery = QueryOf<paths['/api/hazard-reports/monthly']['get']>;

export type ListQuery = QueryOf<paths['/api/hazards']['get']>;
/** The ledger's filters: the list query without the paging. */
export type HazardFilters = Omit<ListQuery, 'page' | 'pageSize'>;

export const HAZARD_STATUSES = valuesOf<HazardStatus>({
  open: true,
  rectifying: true,
  submitted: true,
  closed: true,
});
export const GRADES = valuesOf<Grade>({ general: true, serious: true, major: true });
export const ORIGINS = valuesOf<Origin>({
  inspection: true,
  adhoc: true,
  video: true,
  patrol: true,
  public: true,
  police: true,
});
export const REPORT_ORIGINS = valuesOf<ReportOrigin>({ adhoc: true, patrol: true, police: true });
export const TODOS = valuesOf<Todo>({ assign: true, plan: true, progress: true, verify: true });
/** The steps in the order the loop takes them: the buttons of a hazard follow it. */
export const HAZARD_ACTIONS = valuesOf<HazardAction>({
  assign: true,
  plan: true,
  progress: true,
  submit: true,
  pass: true,
  reject: true,
  comment: true,
});
export const EVENT_KINDS = valuesOf<EventKind>({
  found: true,
  assign: true,
  notice: true,
  plan: true,
  progress: true,
  submit: true,
  pass: true,
  reject: true,
  overdue: true,
  supervise: true,
  comment: true,
});
export const PHASES = valuesOf<Phase>({ before: true, after: true });

/** The monthly report's figures shown as cards, in the order shown. */
export const MONTHLY_FIGURES = [
  'found',
  'closed',
  'rectificationRate',
  'overdueOpen',
  'closedLate',
  'supervised',
  'repeats',
  'openAtEnd',
] as const satisfies readonly (keyof Monthly)[];
export type MonthlyFigure = (typeof MONTHLY_FIGURES)[number];

export const isGrade = (v: string): v is Grade => GRADES.some((g) => g === v);
export const isOrigin = (v: string): v is Origin => ORIGINS.some((o) => o === v);
export const isOpenStatus = (s: HazardStatus) => s !== 'closed';
