import type { Notice, Severity } from '../../kernel/notify/index.js';

/**
 * How loud each task notice is (the notification centre's policy per severity picks the
 * channels). A task left undone past its time is overdue: urgent (SMS when not read in time).
 */
export const TASK_NOTICE_SEVERITY = {
  overdue: 'urgent',
} as const satisfies Record<string, Severity>;

export type TaskNoticeWhy = keyof typeof TASK_NOTICE_SEVERITY;

/** A task notice with its severity and the task instance it is about. */
export function taskNotice(why: TaskNoticeWhy, id: string, n: Omit<Notice, 'severity' | 'subject'>): Notice {
  return { ...n, severity: TASK_NOTICE_SEVERITY[why], subject: { type: 'task', id } };
}
