import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../kernel/notify/index.js';
import { notice, REQUEST_NOTICE_SEVERITY } from './requests.notify.js';
import type * as repo from './requests.repository.js';

describe('request notices', () => {
  it('are urgent for the clocks (超时未响应, 催办, 督办, 通报) and normal for new work and progress', () => {
    expect(REQUEST_NOTICE_SEVERITY).toMatchObject({
      respond_late: 'urgent',
      urge: 'urgent',
      supervise: 'urgent',
      notice: 'urgent',
      new: 'normal',
      returned: 'normal',
      audit_fail: 'normal',
      reopened: 'normal',
      replied: 'normal',
      first_unit: 'normal',
      message: 'normal',
      reporter: 'normal',
    });
    for (const s of Object.values(REQUEST_NOTICE_SEVERITY)) expect(SEVERITIES).toContain(s);
  });

  it('name the request they are about', () => {
    const row = { id: 'r1', no: 'SQ-1', orgId: 'o1' } as repo.RequestRow;
    expect(notice('supervise', row, ['u1'], '【督办】诉求已超期', 'b')).toMatchObject({
      severity: 'urgent',
      subject: { type: 'request', id: 'r1' },
      kind: 'request.update',
      link: '/requests/r1',
    });
  });
});
