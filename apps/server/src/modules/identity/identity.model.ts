/** Password rules: long enough, letters and digits, not the user name. Pure, so the UI can mirror them. */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < 8) problems.push('too_short');
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) problems.push('needs_letters_and_digits');
  if (password.toLowerCase().includes(username.toLowerCase())) problems.push('contains_username');
  return problems;
}

export interface LockoutPolicy {
  maxFailures: number;
  lockMinutes: number;
}

/** After a failed sign-in: the new counter and, once over the limit, when the lock ends. */
export function afterFailure(
  failures: number,
  now: Date,
  p: LockoutPolicy,
): { failures: number; lockedUntil: Date | null } {
  const n = failures + 1;
  if (n >= p.maxFailures)
    return { failures: 0, lockedUntil: new Date(now.getTime() + p.lockMinutes * 60_000) };
  return { failures: n, lockedUntil: null };
}

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
