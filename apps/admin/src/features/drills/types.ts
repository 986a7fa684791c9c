import type { paths } from '@anxiao/api-client';
import { valuesOf, type Schemas, type JsonBody } from '../../lib/apiTypes';

export type Drill = Schemas['Drill'];
export type DrillKind = Drill['kind'];
export type DrillStatus = Drill['status'];
export type PlanType = NonNullable<Drill['planType']>;
export type AlarmClass = Drill['alarmClass'];
export type AlarmDevice = Schemas['AlarmDevice'];
export type ScheduleDrillInput = JsonBody<paths['/api/drills']['post']['requestBody']>;
export type FinishDrillInput = JsonBody<paths['/api/drills/{id}/finish']['post']['requestBody']>;
export type Timings = Drill['timings'];

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
