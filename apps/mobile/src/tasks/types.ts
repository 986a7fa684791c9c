import type { components, paths } from '@anxiao/api-client';

// The parts of the tasks and hazards API the phone uses, as generated from the server's contract.
export type TaskBrief = components['schemas']['TaskBrief'];
export type TaskDetail = components['schemas']['TaskDetail'];
export type TasksToday = components['schemas']['TasksToday'];
export type ChecklistItem = components['schemas']['ChecklistItem'];
export type ItemType = ChecklistItem['type'];
export type Hazard = components['schemas']['Hazard'];
export type HazardGrade = Hazard['grade'];
export type HazardStatus = Hazard['status'];
export type CompleteBody =
  paths['/api/tasks/{id}/complete']['post']['requestBody']['content']['application/json'];
export type FromItemBody =
  paths['/api/tasks/{id}/hazards']['post']['requestBody']['content']['application/json'];
export interface HazardMade {
  hazard: Hazard;
  created: boolean;
}

export const HAZARD_GRADES = ['general', 'serious', 'major'] as const satisfies readonly HazardGrade[];
export const HAZARD_STATUSES = [
  'open',
  'rectifying',
  'submitted',
  'closed',
] as const satisfies readonly HazardStatus[];
