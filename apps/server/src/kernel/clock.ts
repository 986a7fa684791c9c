/**
 * All "now" in the server comes from a Clock so tests can move time: SLA clocks, escalation,
 * session expiry and job scheduling are all checked against clock.now().
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that tests (and only tests) move by hand. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string = '2026-03-02T08:00:00+08:00') {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(d: Date | string): void {
    this.t = new Date(d).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** A moment as read on a wall clock in China (UTC+8, no daylight saving): 2026-12-01 09:30. */
export function chinaDateTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
