import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../kernel/calendar/index.js';
import { deadlinesFor, routeRequest, type DeadlinePolicy, type RoutingRule } from './requests.routing.js';

const rules: RoutingRule[] = [
  { id: 'r-any', categoryId: 'repair', scopePath: null, unitId: 'logistics' },
  { id: 'r-dorm', categoryId: 'repair', scopePath: '/campus/dorms/', unitId: 'dorm-office' },
  { id: 'r-s3', categoryId: 'repair', scopePath: '/campus/dorms/s3/', unitId: 's3-grid' },
  { id: 'r-noise', categoryId: 'noise', scopePath: '/campus/dorms/', unitId: 'student-affairs' },
];

describe('routing (派单目录)', () => {
  it('sends a request to the most specific rule of its category that covers its place', () => {
    expect(routeRequest(rules, { categoryId: 'repair', paths: ['/campus/dorms/s3/f2/'] })?.unitId).toBe(
      's3-grid',
    );
    expect(routeRequest(rules, { categoryId: 'repair', paths: ['/campus/dorms/s1/'] })?.unitId).toBe(
      'dorm-office',
    );
    expect(routeRequest(rules, { categoryId: 'repair', paths: ['/campus/teaching/'] })?.unitId).toBe(
      'logistics',
    );
    expect(routeRequest(rules, { categoryId: 'repair', paths: [] })?.unitId).toBe('logistics');
  });

  it('leaves it to the centre when no rule covers it', () => {
    expect(routeRequest(rules, { categoryId: 'noise', paths: ['/campus/teaching/'] })).toBeNull();
    expect(routeRequest(rules, { categoryId: 'canteen', paths: ['/campus/dorms/s3/'] })).toBeNull();
  });
});

describe('deadlines on the working calendar', () => {
  const policy: DeadlinePolicy = {
    respond: { amount: 2, unit: 'working_hours' },
    resolve: { amount: 3, unit: 'working_days' },
    urgeBefore: { amount: 4, unit: 'working_hours' },
    superviseAfter: { amount: 1, unit: 'working_days' },
    noticeAfter: { amount: 5, unit: 'working_days' },
  };

  it('counts working hours and days from receipt, and sets the ladder around the deadline', () => {
    // Friday 2026-12-04 16:30 in Shanghai.
    const d = deadlinesFor(DEFAULT_CALENDAR, policy, new Date('2026-12-04T08:30:00Z'));
    // One working hour left on Friday, the second on Monday from 08:00.
    expect(d.respondBy.toISOString()).toBe('2026-12-07T01:00:00.000Z');
    // Three working days from the next day: Monday, Tuesday, Wednesday, end of hours 17:30.
    expect(d.resolveBy.toISOString()).toBe('2026-12-09T09:30:00.000Z');
    // 催办 four working hours before: Wednesday 11:30 (3.5 h in the afternoon, 0.5 h before lunch).
    expect(d.ladder.urge.toISOString()).toBe('2026-12-09T03:30:00.000Z');
    // 督办 at the end of the next working day; 通报 five working days on.
    expect(d.ladder.supervise.toISOString()).toBe('2026-12-10T09:30:00.000Z');
    expect(d.ladder.notice.toISOString()).toBe('2026-12-16T09:30:00.000Z');
  });

  it('moves the resolution deadline and the ladder by an approved extension', () => {
    const d = deadlinesFor(DEFAULT_CALENDAR, policy, new Date('2026-12-04T08:30:00Z'), {
      amount: 2,
      unit: 'working_days',
    });
    expect(d.resolveBy.toISOString()).toBe('2026-12-11T09:30:00.000Z');
    expect(d.ladder.supervise.toISOString()).toBe('2026-12-14T09:30:00.000Z');
  });

  it('runs on calendar time for urgent categories', () => {
    const urgent: DeadlinePolicy = {
      respond: { amount: 30, unit: 'calendar_minutes' },
      resolve: { amount: 2, unit: 'calendar_hours' },
      urgeBefore: { amount: 30, unit: 'calendar_minutes' },
      superviseAfter: { amount: 1, unit: 'calendar_hours' },
      noticeAfter: { amount: 1, unit: 'calendar_days' },
    };
    // Saturday night: the clock runs all the same.
    const d = deadlinesFor(DEFAULT_CALENDAR, urgent, new Date('2026-12-05T14:00:00Z'));
    expect(d.respondBy.toISOString()).toBe('2026-12-05T14:30:00.000Z');
    expect(d.resolveBy.toISOString()).toBe('2026-12-05T16:00:00.000Z');
    expect(d.ladder.urge.toISOString()).toBe('2026-12-05T15:30:00.000Z');
  });
});
