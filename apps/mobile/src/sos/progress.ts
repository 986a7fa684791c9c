import type { AlarmClass, IncidentStatus } from './outbox';

/** What the sender sees of an incident: the steps of the response, each with its time. */
export type StepKey =
  | 'sent'
  | 'acknowledged'
  | 'dispatched'
  | 'policeAccepted'
  | 'onScene'
  | 'policeOnScene'
  | 'fireAccepted'
  | 'fireOnScene'
  | 'resolved'
  | 'closed'
  | 'cancelled'
  | 'false_alarm';

export interface Step {
  key: StepKey;
  /** ISO time of the step; null when done without a time of its own, or not yet done */
  at: string | null;
  done: boolean;
}

export interface IncidentView {
  alarmClass: AlarmClass;
  status: IncidentStatus;
  raisedAt: string;
  acknowledgedAt: string | null;
  policeAcceptedAt: string | null;
  onSceneAt: string | null;
  policeOnSceneAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  timeline: readonly { kind: string; at: string }[];
}

/** Classes the police are told of at once (the server's CLASS_ROUTES): their steps are shown. */
const POLICE_CLASSES: readonly AlarmClass[] = ['police', 'fire'];

/**
 * The steps in order. Outside steps appear for police and fire alarms (or once stamped): the
 * police's for a police alarm, the fire brigade's (119, relayed by the station) for a fire. An
 * alarm withdrawn or closed as false shows what was done, then how it ended.
 */
export function progressSteps(i: IncidentView): Step[] {
  const police = POLICE_CLASSES.includes(i.alarmClass);
  const fire = i.alarmClass === 'fire';
  const dispatchedAt = i.timeline.find((e) => e.kind === 'dispatch')?.at ?? null;
  const steps: Step[] = [
    { key: 'sent', at: i.raisedAt, done: true },
    { key: 'acknowledged', at: i.acknowledgedAt, done: i.acknowledgedAt !== null },
    { key: 'dispatched', at: dispatchedAt, done: dispatchedAt !== null || i.onSceneAt !== null },
  ];
  if (police || i.policeAcceptedAt)
    steps.push({
      key: fire ? 'fireAccepted' : 'policeAccepted',
      at: i.policeAcceptedAt,
      done: i.policeAcceptedAt !== null,
    });
  steps.push({ key: 'onScene', at: i.onSceneAt, done: i.onSceneAt !== null });
  if (police || i.policeOnSceneAt)
    steps.push({
      key: fire ? 'fireOnScene' : 'policeOnScene',
      at: i.policeOnSceneAt,
      done: i.policeOnSceneAt !== null,
    });
  if (i.status === 'cancelled' || i.status === 'false_alarm')
    return [...steps.filter((s) => s.done), { key: i.status, at: i.closedAt, done: true }];
  steps.push({ key: 'resolved', at: i.resolvedAt, done: i.resolvedAt !== null });
  if (i.status === 'closed') steps.push({ key: 'closed', at: i.closedAt, done: true });
  return steps;
}
