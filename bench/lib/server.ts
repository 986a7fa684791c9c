import { describeExit, logTail, type ProcessGroup } from './process.js';
import { answers200, pollUntil } from './wait.js';

/** The demo accounts' password (demo mode only). */
export const DEMO_PASSWORD = 'anxiao2026';
export const SESSION_COOKIE = 'anxiao_sid';

/** Wait until the server answers 200 at `url`, failing at once if its process exits. */
export async function waitForHealth(url: string, group: ProcessGroup, timeoutMs: number): Promise<void> {
  await pollUntil(() => answers200(url), {
    what: url,
    timeoutMs,
    intervalMs: 100,
    failIf: () =>
      group.exit ? `the process exited (${describeExit(group.exit)})\n${logTail(group.logFile)}` : undefined,
  });
}

/** POST /api/auth/login; returns "anxiao_sid=…" for a Cookie header and the CSRF token. */
export async function signIn(base: string, username: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const body = await res.text();
  if (res.status !== 200)
    throw new Error(`sign-in as ${username} answered ${res.status}: ${body.slice(0, 300)}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error(`sign-in as ${username} set no ${SESSION_COOKIE} cookie`);
  return { cookie, csrf: (JSON.parse(body) as { csrfToken: string }).csrfToken };
}

export async function getJson<T>(url: string, cookie: string): Promise<T> {
  const res = await fetch(url, { headers: { cookie } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${body.slice(0, 300)}`);
  return JSON.parse(body) as T;
}

/** Nearest rank on sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export function sortedOf(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Milliseconds to one decimal. */
export function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
