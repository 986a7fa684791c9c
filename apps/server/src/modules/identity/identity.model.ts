export interface SessionTimes {
  lastSeenAt: Date;
  expiresAt: Date;
}

/** A session is alive while it is used at least every `idleMinutes` and before its absolute end. */
export function sessionAlive(s: SessionTimes, now: Date, idleMinutes: number): boolean {
  return now < s.expiresAt && now.getTime() - s.lastSeenAt.getTime() < idleMinutes * 60_000;
}

export function normaliseUsername(u: string): string {
  return u.trim().toLowerCase();
}

/** Each lock in a row doubles the next one, up to a day. */
export function lockMinutesAfter(locks: number, baseMinutes: number): number {
  return Math.min(baseMinutes * 2 ** Math.min(locks, 10), 24 * 60);
}
