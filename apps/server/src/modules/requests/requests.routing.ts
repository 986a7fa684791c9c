import { addDuration, type Duration, type WorkCalendar } from '../../kernel/calendar/index.js';
import type { LadderStep } from './requests.model.js';

/**
 * Routing and deadlines of requests: data every school (and region) sets for itself, applied by
 * pure functions. A routing rule names a category and, optionally, a grid or place subtree; the
 * most specific rule that matches wins (派单目录). Deadlines are per category and priority, in
 * working or calendar time on the school's calendar.
 */

export interface RoutingRule {
  id: string;
  categoryId: string;
  /** a grid path ('/g1/g2/') or place path the request must lie under; null: anywhere */
  scopePath: string | null;
  /** the unit (organisation) the request is dispatched to */
  unitId: string;
}

/**
 * The unit responsible for a request of a category at a place: the rule whose scope is the
 * deepest prefix of the request's grid or place path; a rule without scope is the fallback.
 * Null when no rule covers it (the centre decides: 待分拨).
 */
export function routeRequest<R extends RoutingRule>(
  rules: readonly R[],
  req: { categoryId: string; paths: readonly string[] },
): R | null {
  let best: R | null = null;
  let bestDepth = -1;
  for (const r of rules) {
    if (r.categoryId !== req.categoryId) continue;
    const depth =
      r.scopePath === null ? 0 : req.paths.some((p) => p.startsWith(r.scopePath!)) ? r.scopePath.length : -1;
    if (depth > bestDepth) {
      best = r;
      bestDepth = depth;
    }
  }
  return best;
}

export const PRIORITIES = ['normal', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** How long a category's requests may take, and when the ladder steps fall due. */
export interface DeadlinePolicy {
  /** to first contact with the reporter (响应) */
  respond: Duration;
  /** to the unit's reply (办结) */
  resolve: Duration;
  /** 催办 this long before the resolution deadline */
  urgeBefore: Duration;
  /** 督办 this long after it */
  superviseAfter: Duration;
  /** 通报 this long after it */
  noticeAfter: Duration;
}

export interface RequestDeadlines {
  respondBy: Date;
  resolveBy: Date;
  ladder: Record<LadderStep, Date>;
}

/** Subtract a duration on the calendar by searching forward from an earlier start. */
function before(cal: WorkCalendar, at: Date, d: Duration): Date {
  if (d.amount === 0) return at;
  // Calendar time subtracts exactly; working time: the latest start whose deadline is not after `at`.
  if (d.unit.startsWith('calendar')) {
    const ms = { calendar_minutes: 60_000, calendar_hours: 3_600_000, calendar_days: 86_400_000 }[
      d.unit as 'calendar_minutes' | 'calendar_hours' | 'calendar_days'
    ];
    return new Date(at.getTime() - d.amount * ms);
  }
  let lo = at.getTime() - 400 * 86_400_000;
  let hi = at.getTime();
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (addDuration(cal, new Date(mid), d).getTime() <= at.getTime()) lo = mid;
    else hi = mid;
  }
  return new Date(lo);
}

/** The deadlines of a request received at `receivedAt`, with any extension already granted. */
export function deadlinesFor(
  cal: WorkCalendar,
  policy: DeadlinePolicy,
  receivedAt: Date,
  extension: Duration | null = null,
): RequestDeadlines {
  const respondBy = addDuration(cal, receivedAt, policy.respond);
  const base = addDuration(cal, receivedAt, policy.resolve);
  const resolveBy = extension ? addDuration(cal, base, extension) : base;
  return { respondBy, resolveBy, ladder: ladderFor(cal, policy, resolveBy, receivedAt) };
}

/**
 * When the ladder's steps fall due around a resolution deadline (also after it moved: an extension,
 * a reopen). 催办 is never earlier than `notBefore`, the moment the clock (re)started.
 */
export function ladderFor(
  cal: WorkCalendar,
  policy: DeadlinePolicy,
  resolveBy: Date,
  notBefore: Date,
): Record<LadderStep, Date> {
  const urge = before(cal, resolveBy, policy.urgeBefore);
  return {
    urge: urge < notBefore ? notBefore : urge,
    supervise: addDuration(cal, resolveBy, policy.superviseAfter),
    notice: addDuration(cal, resolveBy, policy.noticeAfter),
  };
}
