import { ApiError, api, bodyOf, fetchMe, newIdempotencyKey } from '@anxiao/web-core';
import {
  classifyAnswer,
  classifyFailure,
  isCancelDue,
  isDue,
  located,
  newItem,
  nextWakeAt,
  requestCancel,
  resume,
  settle,
  settleCancel,
  sosBody,
  startAttempt,
  startCancel,
  wake,
  type AlarmClass,
  type Failure,
  type Outcome,
} from './outbox';
import * as store from './store';
import { locate } from '../geo';

/**
 * Sends what the outbox holds (outbox.ts has the rules): each pending alarm until the server
 * confirms it, then a withdrawal the sender asked for. One sender per page, started at load
 * (startSender in main.tsx) whatever the page shows, so an alarm pressed offline goes out as soon
 * as the network is back, even after the page was closed and opened again.
 */

/** One attempt waits this long for an answer. */
const ATTEMPT_TIMEOUT_MS = 8_000;
/** The first attempt waits this long for a position, at most. */
const LOCATE_TIMEOUT_MS = 3_000;

/** Attempts running in this page: the item's key, or `cancel:<key>`. */
const running = new Set<string>();
let timer: ReturnType<typeof setTimeout> | undefined;
let started = false;

/**
 * The account whose CSRF token this page holds (set by sign-in or GET /api/auth/me). Unknown when
 * the page opened offline: then the first attempt reads the session itself.
 */
let sessionUser: string | null = null;

export function setSessionUser(userId: string | null): void {
  sessionUser = userId;
  if (userId) pump();
}

export function startSender(): void {
  if (started) return;
  started = true;
  const now = Date.now();
  for (const item of Object.values(store.getOutbox())) store.update(item.key, (it) => resume(it, now));
  const wakeAll = () => {
    const at = Date.now();
    for (const item of Object.values(store.getOutbox())) store.update(item.key, (it) => wake(it, at));
    pump();
  };
  // The network is back, or the phone shows the page again (timers sleep in the background).
  window.addEventListener('online', wakeAll);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') wakeAll();
  });
  store.listenToOtherTabs(pump);
  pump();
}

/**
 * The press: the alarm is stored before anything else, then sent with a position if the phone
 * gives one quickly (never waiting long for it). Returns the idempotency key.
 */
export function raise(input: { alarmClass: AlarmClass; note: string; userId: string | null }): string {
  const item = newItem({ key: newIdempotencyKey(crypto), ...input }, Date.now());
  store.put(item);
  void locate(LOCATE_TIMEOUT_MS).then((position) => {
    store.update(item.key, (it) => located(it, position));
    pump();
  });
  return item.key;
}

export function withdraw(key: string, reason: string): void {
  store.update(key, (it) => requestCancel(it, reason, Date.now()));
  pump();
}

/** Start whatever is due now, and set the timer for what falls due next. */
function pump(): void {
  const now = Date.now();
  const outbox = store.getOutbox();
  for (const item of Object.values(outbox)) {
    if (isDue(item, now) && !running.has(item.key)) void attempt(item.key);
    else if (isCancelDue(item, now) && !running.has(`cancel:${item.key}`)) void attemptCancel(item.key);
  }
  clearTimeout(timer);
  const next = nextWakeAt(store.getOutbox());
  if (next !== null) timer = setTimeout(pump, Math.max(0, next - Date.now()));
}

async function attempt(key: string): Promise<void> {
  const item = store.getItem(key);
  if (item?.state !== 'pending') return;
  running.add(key);
  store.update(key, startAttempt);
  let outcome: Outcome;
  try {
    outcome = await withTimeout(ATTEMPT_TIMEOUT_MS, async (signal) => {
      const problem = await checkSession(item.userId);
      if (problem) return problem;
      const body = await bodyOf(api.POST('/api/alarms/sos', { body: sosBody(item), signal }));
      return classifyAnswer(body);
    });
  } catch (err) {
    outcome = classifyFailure(failureOf(err));
  } finally {
    running.delete(key);
  }
  if (outcome.kind === 'retry' && outcome.resync) sessionUser = null;
  store.update(key, (it) => settle(it, outcome, Date.now(), Math.random()));
  pump();
}

async function attemptCancel(key: string): Promise<void> {
  const item = store.getItem(key);
  if (!item?.incidentId || !item.cancel) return;
  const { incidentId } = item;
  const { reason } = item.cancel;
  const runKey = `cancel:${key}`;
  running.add(runKey);
  store.update(key, startCancel);
  let outcome: Parameters<typeof settleCancel>[1];
  try {
    outcome = await withTimeout(ATTEMPT_TIMEOUT_MS, async (signal) => {
      const incident = await bodyOf(
        api.POST('/api/incidents/{id}/actions', {
          params: { path: { id: incidentId } },
          body: { action: 'cancel', reason },
          signal,
        }),
      );
      return { kind: 'done' as const, status: incident.status };
    });
  } catch (err) {
    outcome = classifyFailure(failureOf(err));
  } finally {
    running.delete(runKey);
  }
  if (outcome.kind === 'retry' && outcome.resync) sessionUser = null;
  store.update(key, (it) => settleCancel(it, outcome, Date.now(), Math.random()));
  pump();
}

/**
 * Make sure this page holds the session's CSRF token (the page may have opened offline) and that
 * the alarm goes out under the account that pressed it. An outcome when it must not be sent.
 */
async function checkSession(pressedBy: string | null): Promise<Outcome | null> {
  if (!sessionUser) {
    const me = await fetchMe();
    if (!me) return { kind: 'fatal', error: { status: 401, code: 'auth.unauthenticated', message: '' } };
    sessionUser = me.id;
  }
  if (pressedBy && pressedBy !== sessionUser)
    return { kind: 'fatal', error: { status: 403, code: 'sos.other_account', message: '' } };
  return null;
}

function failureOf(err: unknown): Failure {
  if (err instanceof ApiError) return { status: err.status, code: err.code, message: err.message };
  // Aborted (our timeout), a body cut off, a captive portal's page instead of JSON: no answer.
  return {
    status: 0,
    code: err instanceof DOMException && err.name === 'AbortError' ? 'timeout' : 'network',
    message: '',
  };
}

/** Run `work`, giving up after `ms`: its fetches are aborted, and a hung step is left behind. */
async function withTimeout<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timeout: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timeout = setTimeout(() => {
      controller.abort();
      reject(new DOMException('no answer in time', 'AbortError'));
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timeout);
  }
}
