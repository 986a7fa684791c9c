import type { paths } from '@anxiao/api-client';
import { valuesOf, type Schemas, type JsonBody, type QueryOf } from '../../lib/apiTypes';

export type TaskBrief = Schemas['TaskBrief'];
export type TaskDetail = Schemas['TaskDetail'];
export type TaskTemplate = Schemas['TaskTemplate'];
export type TaskSchedule = Schemas['TaskSchedule'];
export type BoardRow = Schemas['TaskBoardRow'];
export type ChecklistItem = Schemas['ChecklistItem'];
export type ChoiceOption = NonNullable<ChecklistItem['options']>[number];
export type StoredAnswer = TaskDetail['answers'][number];

export type TaskKind = TaskTemplate['kind'];
export type ItemType = ChecklistItem['type'];
export type Recurrence = TaskSchedule['recurrence'];
export type TaskStatus = TaskBrief['status'];
export type GridLevel = NonNullable<TaskSchedule['gridLevel']>;
export type EquipmentKind = NonNullable<TaskSchedule['equipmentKind']>;

export type TemplateInput = JsonBody<paths['/api/task-templates']['post']['requestBody']>;
export type TemplateUpdate = JsonBody<paths['/api/task-templates/{id}']['patch']['requestBody']>;
export type ScheduleInput = JsonBody<paths['/api/task-schedules']['post']['requestBody']>;
export type Board = JsonBody<paths['/api/task-board']['get']['responses'][200]>;

export type ListQuery = QueryOf<paths['/api/tasks']['get']>;
/** The list's filters: the list query without the paging. */
export type TaskFilters = Omit<ListQuery, 'page' | 'pageSize'>;

/** The eight kinds of grid work, in the order of the task list (网格任务清单). */
export const TASK_KINDS = valuesOf<TaskKind>({
  facility_check: true,
  info_collection: true,
  opinion_collection: true,
  policy_outreach: true,
  dispute_mediation: true,
  hazard_inspection: true,
  mental_health: true,
  teacher_ethics: true,
});
export const ITEM_TYPES = valuesOf<ItemType>({
  yes_no: true,
  number: true,
  text: true,
  choice: true,
  photo: true,
  signature: true,
});
export const RECURRENCES = valuesOf<Recurrence>({
  daily: true,
  weekly: true,
  custom: true,
  monthly: true,
  once: true,
});
/** ISO weekdays, 1 Monday … 7 Sunday (a custom recurrence's days). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const isWeekday = (n: number): n is Weekday => WEEKDAYS.some((d) => d === n);
export const TASK_STATUSES = valuesOf<TaskStatus>({ open: true, done: true });
export const EQUIPMENT_KINDS = valuesOf<EquipmentKind>({
  fire_extinguisher: true,
  hydrant: true,
  camera: true,
  alarm_button: true,
  guard_equipment: true,
  other: true,
});
