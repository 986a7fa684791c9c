/**
 * All "now" in the server comes from a Clock so tests can move time: SLA clocks, escalation,
 * session expiry and job scheduling are all checked against clock.now().
 */
export interface Clock {
  now(): Date;
}
export declare const systemClock: Clock;
/** A clock that tests (and only tests) move by hand. */
export declare class ManualClock implements Clock {
  private t;
  constructor(start?: Date | string);
  now(): Date;
  set(d: Date | string): void;
  advance(ms: number): void;
}
/** A moment as read on a wall clock in China (UTC+8, no daylight saving): 2026-12-01 09:30. */
export declare function chinaDateTime(at: Date): string;
