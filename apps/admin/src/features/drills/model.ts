import dayjs, { type Dayjs } from 'dayjs';
import type { Translate } from '../../i18n/I18nProvider';
import type { Drill } from './types';

/** The evacuation target the server applies to buildings of 4 floors or fewer. */
export const DEFAULT_TARGET_SECONDS = 120;

/** 108 → "1 分 48 秒", 120 → "2 分钟", 45 → "45 秒". */
export function durationText(t: Translate, seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('drills.duration.secondsOnly', { s });
  const m = Math.floor(s / 60);
  return s % 60 ? t('drills.duration.text', { m, s: s % 60 }) : t('drills.duration.minutesOnly', { m });
}

/**
 * The start of the school term holding a day: the autumn term from 1 September (through January),
 * the spring term from 1 February.
 */
export function termStart(day: Dayjs): Dayjs {
  const month = day.month();
  if (month >= 8) return day.month(8).startOf('month');
  if (month === 0) return day.subtract(1, 'year').month(8).startOf('month');
  return day.month(1).startOf('month');
}

export interface DrillSummary {
  month: { planned: number; done: number };
  term: { planned: number; done: number };
  /** done drills with an evacuation time against a target */
  evacuation: { met: number; timed: number };
  tests: { done: number; planned: number };
  /** reported, not cancelled nor finished, and not yet acknowledged by the police station */
  pendingAck: number;
}

/** The figures above the list, from the drills listed. */
export function summarize(drills: readonly Drill[], now: Dayjs = dayjs()): DrillSummary {
  const monthStart = now.startOf('month');
  const monthEnd = now.endOf('month');
  const term = termStart(now);
  const live = drills.filter((d) => d.status !== 'cancelled');
  const inTerm = live.filter((d) => !dayjs(d.scheduledAt).isBefore(term));
  const exercises = live.filter((d) => d.kind === 'drill');
  const count = (list: readonly Drill[]) => ({
    planned: list.length,
    done: list.filter((d) => d.status === 'done').length,
  });
  const timed = exercises.filter((d) => d.status === 'done' && d.result !== null);
  const termTests = inTerm.filter((d) => d.kind === 'device_test');
  return {
    month: count(
      exercises.filter((d) => {
        const at = dayjs(d.scheduledAt);
        return !at.isBefore(monthStart) && !at.isAfter(monthEnd);
      }),
    ),
    term: count(inTerm.filter((d) => d.kind === 'drill')),
    evacuation: { met: timed.filter((d) => d.result === 'met').length, timed: timed.length },
    tests: {
      done: termTests.filter((d) => d.status === 'done').length,
      planned: termTests.filter((d) => d.status === 'scheduled' || d.status === 'running').length,
    },
    pendingAck: live.filter((d) => d.status !== 'done' && !d.policeAckAt).length,
  };
}
