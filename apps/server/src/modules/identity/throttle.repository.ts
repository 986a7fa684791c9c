import { eq, sql } from 'drizzle-orm';
import { rows, type Executor } from '../../kernel/db.js';
import { loginThrottle } from './identity.tables.js';

export interface Attempt {
  /** this attempt's number since the last lock ended */
  failures: number;
  lockedUntil: Date | null;
}

/**
 * Counts a sign-in attempt before its password is checked, in one statement (the row lock of
 * the upsert serialises parallel attempts), so 40 attempts at once get the numbers 1…40 and only
 * the first `maxFailures` are checked. Reaching the limit sets the lock at once; each lock in a
 * row doubles the next (`lockSql` gives the minutes for a number of previous locks). A day
 * without attempts starts afresh.
 */
export async function reserveAttempt(
  ex: Executor,
  key: { username: string; ip: string },
  now: Date,
  maxFailures: number,
  lockMinutes: (locks: number) => number,
): Promise<Attempt> {
  const at = now.toISOString();
  const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
  // Lock lengths for 0…10 previous locks, indexed in SQL (arrays are 1-based).
  const lengths = `{${Array.from({ length: 11 }, (_, i) => lockMinutes(i)).join(',')}}`;
  const fresh = sql`(t.updated_at < ${dayAgo}::timestamptz)`;
  const ended = sql`(t.locked_until is not null and t.locked_until <= ${at}::timestamptz)`;
  const lockedNow = sql`(t.locked_until > ${at}::timestamptz)`;
  const next = sql`(case when ${fresh} or ${ended} then 1 else t.failures + 1 end)`;
  const locks = sql`(case when ${fresh} then 0 else t.locks end)`;
  const locking = sql`(not coalesce(${lockedNow}, false) and ${next} >= ${maxFailures})`;
  const [r] = await rows<{ failures: number; locked_until: string | Date | null }>(
    ex,
    sql`insert into login_throttle as t (username, ip, failures, locked_until, locks, updated_at)
        values (${key.username}, ${key.ip}, 1, null, 0, ${at}::timestamptz)
        on conflict (username, ip) do update set
          failures = ${next},
          locked_until = case
            when ${locking} then ${at}::timestamptz
              + make_interval(mins => (${lengths}::int[])[least(${locks}, 10) + 1])
            when ${fresh} or ${ended} then null
            else t.locked_until end,
          locks = case when ${locking} then ${locks} + 1 else ${locks} end,
          updated_at = ${at}::timestamptz
        returning failures, locked_until`,
  );
  return {
    failures: Number(r!.failures),
    lockedUntil: r!.locked_until ? new Date(r!.locked_until) : null,
  };
}

/** A successful sign-in from this address forgets its failures and back-off. */
export async function clearAttempts(ex: Executor, key: { username: string; ip: string }): Promise<void> {
  await ex.execute(sql`delete from login_throttle where username = ${key.username} and ip = ${key.ip}`);
}

/** An administrator's unlock: every address. */
export async function clearAllAttempts(ex: Executor, username: string): Promise<void> {
  await ex.delete(loginThrottle).where(eq(loginThrottle.username, username));
}

/** Housekeeping: counters a day old start afresh anyway (see reserveAttempt), so they can go. */
export async function purgeStaleAttempts(ex: Executor, now: Date): Promise<void> {
  const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
  await ex.execute(
    sql`delete from login_throttle where updated_at < ${dayAgo}::timestamptz
          and (locked_until is null or locked_until < ${now.toISOString()}::timestamptz)`,
  );
}
