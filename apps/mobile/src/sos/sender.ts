import { api, bodyOf, newIdempotencyKey } from '@anxiao/web-core';
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
  type Outcome,
} from './outbox';
import * as store from './store';
import { locate } from '../geo';
import { failureOf, within } from '../offline/failure';
import { currentUser, forgetSessionUser, onSessionUser } from '../session/current';

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
  // Signed in (or the session read): what waited for it goes now.
  onSessionUser((userId) => {
    if (userId) pump();
  });
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
    outcome = await within(ATTEMPT_TIMEOUT_MS, async (signal) => {
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
  if (outcome.kind === 'retry' && outcome.resync) forgetSessionUser();
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
    outcome = await within(ATTEMPT_TIMEOUT_MS, async (signal) => {
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
  if (outcome.kind === 'retry' && outcome.resync) forgetSessionUser();
  store.update(key, (it) => settleCancel(it, outcome, Date.now(), Math.random()));
  pump();
}

/**
 * Make sure this page holds the session's CSRF token (the page may have opened offline) and that
 * the alarm goes out under the account that pressed it. An outcome when it must not be sent.
 */
async function checkSession(pressedBy: string | null): Promise<Outcome | null> {
  const sessionUser = await currentUser();
  if (!sessionUser)
    return { kind: 'fatal', error: { status: 401, code: 'auth.unauthenticated', message: '' } };
  if (pressedBy && pressedBy !== sessionUser)
    return { kind: 'fatal', error: { status: 403, code: 'sos.other_account', message: '' } };
  return null;
}
