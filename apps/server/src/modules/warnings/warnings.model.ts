import type { Role } from '../../kernel/access/index.js';
import type { Severity } from '../../kernel/notify/index.js';

import type { CapSeverity, CapUrgency, WarningCapStatus as CapStatus } from '@anxiao/contracts';

/** CAP 1.2 (OASIS) value lists (packages/contracts); a warning's status is one of three. */
export {
  CAP_CATEGORIES,
  CAP_CERTAINTIES,
  CAP_SEVERITIES,
  CAP_URGENCIES,
  WARNING_CAP_STATUSES as CAP_STATUSES,
  type CapSeverity,
  type CapUrgency,
  type WarningCapStatus as CapStatus,
} from '@anxiao/contracts';

/** draft → pending (awaiting approval) → sent → cancelled; a draft (or pending) may be withdrawn. */
export const WARNING_STATES = ['draft', 'pending', 'sent', 'cancelled', 'withdrawn'] as const;
export type WarningState = (typeof WARNING_STATES)[number];

/**
 * The Chinese warning colours (预警信号) a school's staff know, and the CAP severity each stands for:
 * 红色 Extreme, 橙色 Severe, 黄色 Moderate, 蓝色 Minor.
 */
export const COLOUR_OF_SEVERITY: Record<CapSeverity, 'red' | 'orange' | 'yellow' | 'blue' | null> = {
  Extreme: 'red',
  Severe: 'orange',
  Moderate: 'yellow',
  Minor: 'blue',
  Unknown: null,
};

/** Roles one may address within the chosen organisations (a school's own roles). */
export const AUDIENCE_ROLES = [
  'school_admin',
  'grid_center',
  'grid_leader',
  'grid_worker',
  'guard',
  'counselor',
  'reporter',
] as const satisfies readonly Role[];

/**
 * Who a warning is for: everyone of some organisations (the whole school, colleges, or — from the
 * bureau or the 综治办 — schools of the district), narrowed to some roles when roles are given; and
 * the leaders and members of some grids (and of the grids under them).
 */
export interface Audience {
  orgIds: string[];
  gridIds: string[];
  roles: (typeof AUDIENCE_ROLES)[number][];
}

/**
 * How loud the notification is (the notification centre's policy per severity picks the channels).
 * What a school expects: a threat now (Extreme and Immediate: a lockdown, a violent intruder) rings
 * phones at once; a red warning for later, an orange one, or anything Immediate is urgent (in-app,
 * then SMS if unread); the rest is a normal message. A drill (Exercise) never calls phones, and a
 * system test (Test) wakes nobody.
 */
export function noticeSeverity(w: {
  severity: CapSeverity;
  urgency: CapUrgency;
  capStatus: CapStatus;
}): Severity {
  if (w.capStatus === 'Test') return 'normal';
  let s: Severity = 'normal';
  if (w.severity === 'Extreme' && w.urgency === 'Immediate') s = 'alarm';
  else if (w.severity === 'Extreme' || w.severity === 'Severe' || w.urgency === 'Immediate') s = 'urgent';
  if (w.capStatus === 'Exercise' && s === 'alarm') return 'urgent';
  return s;
}

/** A cancellation is told as loudly as the warning was, short of calling phones again. */
export function cancelSeverity(sent: Severity): Severity {
  return sent === 'alarm' || sent === 'urgent' ? 'urgent' : 'normal';
}

/** Automatic reminders to those who have not acknowledged: every REMIND_MINUTES, at most AUTO_REMINDERS. */
export const REMIND_MINUTES = 30;
export const AUTO_REMINDERS = 3;
/** The 提醒未确认 button: not more often than this, and not more than MAX_REMINDERS in all. */
export const REMIND_COOLDOWN_MINUTES = 5;
export const MAX_REMINDERS = 10;

/** Whether a reminder by hand may go now (bounded in number and spaced out). */
export function canRemindNow(w: { reminders: number; remindedAt: Date | null }, now: Date): boolean {
  if (w.reminders >= MAX_REMINDERS) return false;
  return !w.remindedAt || now.getTime() - w.remindedAt.getTime() >= REMIND_COOLDOWN_MINUTES * 60_000;
}

/** A warning that has expired is no longer reminded of. */
export function isLive(w: { state: WarningState; expires: Date | null }, now: Date): boolean {
  return w.state === 'sent' && (!w.expires || w.expires.getTime() > now.getTime());
}

/** Is `path` inside one of `roots` (organisation paths, prefix match)? */
export function within(path: string, roots: string[]): boolean {
  return roots.some((r) => path.startsWith(r));
}

/** A CAP polygon from a GeoJSON outline: its outer ring, closed. */
export function ringOf(outline: { coordinates: [number, number][][] } | null): [number, number][] | null {
  const ring = outline?.coordinates?.[0];
  if (!ring || ring.length < 3) return null;
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
}
