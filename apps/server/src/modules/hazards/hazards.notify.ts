import type { Notice, Severity } from '../../kernel/notify/index.js';

/*
 * How loud each hazard notice is: the notification centre's policy per severity picks the channels
 * (urgent: in-app, then SMS when not read in time; normal: in-app and the daily digest).
 */

/** Why a hazard notice goes out, and its severity. */
export const HAZARD_NOTICE_SEVERITY = {
  /** a new hazard for its unit, the office and (major) the supervisors */
  found: 'normal',
  /** a major hazard is supervised (挂牌督办) from the moment it is found */
  found_major: 'urgent',
  assign: 'normal',
  /** the 整改通知书 issued: an assignment on paper */
  notice: 'normal',
  plan: 'normal',
  submit: 'normal',
  pass: 'normal',
  reject: 'normal',
  /** past its deadline (逾期) */
  overdue: 'urgent',
  /** still open days later: 挂牌督办 */
  supervise: 'urgent',
  /** the monthly report sent upward: read at leisure */
  monthly: 'normal',
} as const satisfies Record<string, Severity>;

export type HazardNoticeWhy = keyof typeof HAZARD_NOTICE_SEVERITY;

/** A hazard notice with its severity and the object it is about (a hazard, or a monthly report). */
export function hazardNotice(
  why: HazardNoticeWhy,
  subject: { type: 'hazard' | 'hazard_report'; id: string },
  n: Omit<Notice, 'severity' | 'subject'>,
): Notice {
  return { ...n, severity: HAZARD_NOTICE_SEVERITY[why], subject };
}

/** Whether a step of the loop (assign, plan, submit, pass, reject) is a reason to tell someone. */
export function isNoticeWhy(why: string): why is HazardNoticeWhy {
  return Object.hasOwn(HAZARD_NOTICE_SEVERITY, why);
}
