import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../kernel/notify/index.js';
import { HAZARD_NOTICE_SEVERITY, hazardNotice, isNoticeWhy } from './hazards.notify.js';

describe('hazard notices', () => {
  it('are urgent when overdue or supervised (逾期, 挂牌督办, a major hazard), normal for assignments, progress and the monthly report', () => {
    expect(HAZARD_NOTICE_SEVERITY).toMatchObject({
      overdue: 'urgent',
      supervise: 'urgent',
      found_major: 'urgent',
      found: 'normal',
      assign: 'normal',
      notice: 'normal',
      plan: 'normal',
      submit: 'normal',
      pass: 'normal',
      reject: 'normal',
      monthly: 'normal',
    });
    for (const s of Object.values(HAZARD_NOTICE_SEVERITY)) expect(SEVERITIES).toContain(s);
  });

  it('name the hazard they are about; only the loop steps that tell someone are reasons', () => {
    const n = hazardNotice(
      'overdue',
      { type: 'hazard', id: 'h1' },
      { userIds: [], orgId: null, kind: 'hazard.overdue', title: 't', body: 'b' },
    );
    expect(n).toMatchObject({
      severity: 'urgent',
      subject: { type: 'hazard', id: 'h1' },
      kind: 'hazard.overdue',
    });
    expect(['assign', 'plan', 'submit', 'pass', 'reject'].every(isNoticeWhy)).toBe(true);
    expect(isNoticeWhy('comment')).toBe(false);
    expect(isNoticeWhy('toString')).toBe(false);
  });
});
