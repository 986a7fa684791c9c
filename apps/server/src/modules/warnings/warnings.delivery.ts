import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../kernel/db.js';
import type { DeliveryState, Notice, Severity } from '../../kernel/notify/index.js';
import type { WarningsContext } from './warnings.context.js';
import { AUTO_REMINDERS, cancelSeverity, isLive, noticeSeverity, REMIND_MINUTES } from './warnings.model.js';
import * as repo from './warnings.repository.js';

export const DELIVER_JOB = 'warnings.deliver';
export const REMIND_JOB = 'warnings.remind';
/** persons handed to the notification port per transaction */
const CHUNK = 1000;

type NoticeKind = 'published' | 'updated' | 'cancelled' | 'reminder';

const TITLE: Record<NoticeKind, string> = {
  published: '预警',
  updated: '预警更新',
  cancelled: '预警解除',
  reminder: '请确认收到预警',
};

/** The notice for a warning's recipients; the console opens the recipient's page, the phone its screen. */
export function noticeOf(w: repo.WarningRow, kind: NoticeKind, userIds: string[]): Notice {
  const drill = w.capStatus === 'Exercise' ? '【演练】' : w.capStatus === 'Test' ? '【测试】' : '';
  const loud = noticeSeverity(w);
  const severity: Severity = kind === 'cancelled' ? cancelSeverity(loud) : loud;
  const body = kind === 'cancelled' ? (w.cancelReason ?? '该预警已解除') : (w.instruction ?? w.description);
  return {
    userIds,
    orgId: w.orgId,
    kind: `warning.${kind}`,
    title: `${drill}${TITLE[kind]}：${w.headline}`,
    body: body.slice(0, 500),
    link: `/my-warnings/${w.id}`,
    data: { warningId: w.id, version: w.version, mobileLink: `/m/#/warnings/${w.id}` },
    severity,
    subject: { type: 'warning', id: w.id },
  };
}

/** Queue the hand-out of the warning's current version (after commit, in chunks, by a job). */
export async function queueDelivery(c: WarningsContext, ex: Executor, w: repo.WarningRow) {
  await c.k.jobs.enqueue(ex, DELIVER_JOB, { warningId: w.id }, { singletonKey: `${w.id}:${w.version}` });
}

/**
 * Hand the warning's current version to the notification port for everyone not yet told of it,
 * a chunk per transaction (a recipient is marked told in the transaction that notified them, so a
 * retry after a crash tells nobody twice).
 */
export async function deliver(c: WarningsContext, warningId: string) {
  for (;;) {
    const n = await c.k.transaction(async (tx) => {
      const w = await repo.findWithPath(tx, warningId);
      if (!w || (w.state !== 'sent' && w.state !== 'cancelled')) return 0;
      const batch = await rows<{ user_id: string }>(
        tx,
        sql`select user_id from warning_recipients where warning_id = ${w.id} and notified_version < ${w.version}
            order by user_id limit ${CHUNK} for update skip locked`,
      );
      if (!batch.length) return 0;
      const ids = batch.map((b) => b.user_id);
      const kind: NoticeKind =
        w.state === 'cancelled' ? 'cancelled' : w.version > 1 ? 'updated' : 'published';
      await c.k.notify.notify(tx, noticeOf(w, kind, ids));
      await tx.execute(
        sql`update warning_recipients set notified_version = ${w.version},
              notified_at = coalesce(notified_at, ${c.k.clock.now().toISOString()}::timestamptz)
            where warning_id = ${w.id} and user_id = any(${`{${ids.join(',')}}`}::uuid[])`,
      );
      return ids.length;
    });
    if (n < CHUNK) return;
  }
}

/** The first automatic reminder, queued when the warning is sent. */
export async function queueReminders(c: WarningsContext, ex: Executor, w: repo.WarningRow) {
  await c.k.jobs.enqueue(
    ex,
    REMIND_JOB,
    { warningId: w.id, n: 1 },
    {
      runAt: new Date(c.k.clock.now().getTime() + REMIND_MINUTES * 60_000),
      singletonKey: `${w.id}:remind:1`,
    },
  );
}

/** Remind everyone who has not acknowledged, once for this round, a chunk per transaction. */
export async function remindRound(c: WarningsContext, warningId: string, round: number): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await c.k.transaction(async (tx) => {
      const w = await repo.findWithPath(tx, warningId);
      if (!w || !isLive(w, c.k.clock.now())) return 0;
      const batch = await rows<{ user_id: string }>(
        tx,
        sql`select user_id from warning_recipients
            where warning_id = ${w.id} and acknowledged_at is null and remind_round < ${round}
            order by user_id limit ${CHUNK} for update skip locked`,
      );
      if (!batch.length) return 0;
      const ids = batch.map((b) => b.user_id);
      await c.k.notify.notify(tx, noticeOf(w, 'reminder', ids));
      await tx.execute(
        sql`update warning_recipients set remind_round = ${round}
            where warning_id = ${w.id} and user_id = any(${`{${ids.join(',')}}`}::uuid[])`,
      );
      return ids.length;
    });
    total += n;
    if (n < CHUNK) return total;
  }
}

/**
 * The n-th automatic reminder: at most AUTO_REMINDERS, REMIND_MINUTES apart, while the warning is
 * live and someone has not acknowledged. A retry of the same n resumes its round.
 */
export async function autoRemind(c: WarningsContext, warningId: string, n: number) {
  const now = c.k.clock.now();
  const round = await c.k.transaction(async (tx) => {
    const w = await repo.findWithPath(tx, warningId);
    if (!w || !isLive(w, now)) return null;
    if (w.autoReminders >= n) return w.autoReminders === n ? w.reminders : null;
    if (w.autoReminders !== n - 1) return null;
    const [open] = await rows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from warning_recipients where warning_id = ${w.id} and acknowledged_at is null`,
    );
    if (!open?.n) return null;
    const r = await repo.updateIn(tx, w.id, ['sent'], {
      autoReminders: n,
      reminders: w.reminders + 1,
      remindedAt: now,
    });
    if (n < AUTO_REMINDERS)
      await c.k.jobs.enqueue(
        tx,
        REMIND_JOB,
        { warningId, n: n + 1 },
        {
          runAt: new Date(now.getTime() + REMIND_MINUTES * 60_000),
          singletonKey: `${warningId}:remind:${n + 1}`,
        },
      );
    return r?.reminders ?? null;
  });
  if (round !== null) await remindRound(c, warningId, round);
}

const ORDER: DeliveryState[] = ['queued', 'sent', 'delivered', 'read', 'acknowledged'];
export const furthest = (a: DeliveryState, b: DeliveryState): DeliveryState =>
  a === 'failed' ? b : b === 'failed' ? a : ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;

/** Per person, the furthest state the notification centre reached with the warning's notices, over every channel. */
export async function deliveryStates(
  c: WarningsContext,
  ex: Executor,
  warningId: string,
): Promise<Map<string, DeliveryState>> {
  const states = await c.k.notify.states(ex, { type: 'warning', id: warningId });
  return new Map(states.map((s) => [s.userId, s.state]));
}
