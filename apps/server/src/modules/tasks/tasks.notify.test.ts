import { describe, expect, it } from 'vitest';
import { TASK_NOTICE_SEVERITY, taskNotice } from './tasks.notify.js';

describe('task notices', () => {
  it('an overdue task is urgent, about the task', () => {
    expect(TASK_NOTICE_SEVERITY).toEqual({ overdue: 'urgent' });
    expect(
      taskNotice('overdue', 't1', { userIds: [], orgId: null, kind: 'task.overdue', title: 't', body: 'b' }),
    ).toMatchObject({ severity: 'urgent', subject: { type: 'task', id: 't1' } });
  });
});
