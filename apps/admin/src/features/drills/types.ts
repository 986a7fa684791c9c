import type { components, paths } from '@anxiao/api-client';

type Schemas = components['schemas'];
type JsonBody<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Drill = Schemas['Drill'];
export type DrillKind = Drill['kind'];
export type DrillStatus = Drill['status'];
export type PlanType = NonNullable<Drill['planType']>;
export type AlarmClass = Drill['alarmClass'];
export type AlarmDevice = Schemas['AlarmDevice'];
export type ScheduleDrillInput = JsonBody<paths['/api/drills']['post']['requestBody']>;
export type FinishDrillInput = JsonBody<paths['/api/drills/{id}/finish']['post']['requestBody']>;
export type Timings = Drill['timings'];

/** Every value of a union, in the order given; the compiler rejects a missing or unknown one. */
function valuesOf<T extends string>(all: Record<T, true>): T[] {
  return Object.keys(all) as T[];
}

export const DRILL_KINDS = valuesOf<DrillKind>({ drill: true, device_test: true });
export const ALARM_CLASSES = valuesOf<AlarmClass>({
  police: true,
  staff_assist: true,
  medical: true,
  fire: true,
});
export const TIMING_STEPS = valuesOf<keyof Timings>({
  acknowledge: true,
  policeAccept: true,
  onScene: true,
  policeOnScene: true,
});
