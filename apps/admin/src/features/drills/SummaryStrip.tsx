import { Card, Statistic, Typography } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useT } from '../../i18n/I18nProvider';
import styles from './drills.module.css';
import { summarize } from './model';
import type { Drill } from './types';

const GREEN = '#389e0d';
const RED = '#cf1322';
const ORANGE = '#d46b08';

function Figure({
  title,
  value,
  suffix,
  colour,
  detail,
  testId,
}: {
  title: string;
  value: number | string;
  suffix?: string;
  colour?: string;
  detail: ReactNode;
  testId: string;
}) {
  return (
    <Card size="small" className={styles.figure} data-testid={testId}>
      <Statistic
        title={title}
        value={value}
        suffix={suffix}
        styles={colour ? { content: { color: colour } } : undefined}
      />
      <Typography.Text type="secondary" className={styles.figureDetail}>
        {detail}
      </Typography.Text>
    </Card>
  );
}

/** The figures above the list, counted from the drills listed (the school chosen, or all). */
export function SummaryStrip({ drills }: { drills: readonly Drill[] }) {
  const t = useT();
  const s = useMemo(() => summarize(drills), [drills]);
  const unit = t('drills.sum.unit') || undefined;
  const rate = s.evacuation.timed ? Math.round((s.evacuation.met / s.evacuation.timed) * 100) : null;
  return (
    <div className={styles.strip} data-testid="drills-summary">
      <Figure
        testId="drills-sum-month"
        title={t('drills.sum.month')}
        value={s.month.planned}
        suffix={unit}
        detail={t('drills.sum.doneOf', { done: s.month.done })}
      />
      <Figure
        testId="drills-sum-term"
        title={t('drills.sum.term')}
        value={s.term.planned}
        suffix={unit}
        detail={t('drills.sum.doneOf', { done: s.term.done })}
      />
      <Figure
        testId="drills-sum-met"
        title={t('drills.sum.metRate')}
        value={rate ?? '—'}
        suffix={rate === null ? undefined : '%'}
        colour={rate === null ? undefined : rate === 100 ? GREEN : rate >= 80 ? ORANGE : RED}
        detail={
          s.evacuation.timed
            ? t('drills.sum.metDetail', { met: s.evacuation.met, total: s.evacuation.timed })
            : t('drills.sum.metNone')
        }
      />
      <Figure
        testId="drills-sum-tests"
        title={t('drills.sum.tests')}
        value={s.tests.done}
        suffix={unit}
        detail={t('drills.sum.testsDetail', { planned: s.tests.planned })}
      />
      <Figure
        testId="drills-sum-pending"
        title={t('drills.sum.pendingAck')}
        value={s.pendingAck}
        suffix={unit}
        colour={s.pendingAck ? ORANGE : GREEN}
        detail={s.pendingAck ? t('drills.sum.pendingAckDetail') : t('drills.sum.allAcked')}
      />
    </div>
  );
}
