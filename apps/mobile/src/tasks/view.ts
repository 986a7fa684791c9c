import type { CompletionEntry } from './outbox';
import type { Translate } from '../i18n/I18nProvider';
import type { TaskBrief } from './types';

/** How a task shows in today's list, the phone's outbox taken into account. */
export type RowStatus = 'open' | 'overdue' | 'done' | 'queued' | 'rejected';

export function rowStatus(brief: TaskBrief, entry: CompletionEntry | undefined): RowStatus {
  if (brief.status === 'done') return 'done';
  switch (entry?.state) {
    case 'pending':
      return 'queued';
    case 'rejected':
      return 'rejected';
    case 'sent':
    case 'taken':
      // Recorded (by me or someone else) since the list was read.
      return 'done';
    case 'failed':
    case undefined:
      return brief.overdue ? 'overdue' : 'open';
  }
}

export type PeriodKind = 'daily' | 'weekly' | 'monthly' | 'once';

/** The rhythm of a task, from its period key (2026-11-30, 2026-W49, 2026-11, or a one-off's). */
export function periodKind(periodKey: string): PeriodKind {
  if (/^\d{4}-\d{2}-\d{2}$/.test(periodKey)) return 'daily';
  if (/^\d{4}-W\d{2}$/.test(periodKey)) return 'weekly';
  if (/^\d{4}-\d{2}$/.test(periodKey)) return 'monthly';
  return 'once';
}

/**
 * A task's rhythm in words, by its schedule's real cadence (the server's): an equipment check
 * due by date comes round every so many days (每 30 天, 每年), never 每日 for its due date's key.
 * A task read before the server told its cadence falls back on its period key.
 */
export function cadenceLabel(
  t: Translate,
  brief: Pick<TaskBrief, 'periodKey'> & Partial<Pick<TaskBrief, 'cadence'>>,
) {
  const c = brief.cadence;
  if (!c) return t(`tasks.period.${periodKind(brief.periodKey)}`);
  if (c.kind !== 'interval') return t(`tasks.period.${c.kind}`);
  const n = c.everyDays ?? 0;
  if (n === 1) return t('tasks.period.daily');
  if (n === 7) return t('tasks.period.weekly');
  if (n === 365 || n === 366) return t('tasks.period.yearly');
  return t('tasks.period.everyDays', { n });
}

/** The name to sign with: the display name without its title (赵磊（楼长） → 赵磊). */
export const signatureName = (displayName: string): string =>
  displayName.replace(/（[^）]*）|\([^)]*\)/g, '').trim() || displayName.trim();
