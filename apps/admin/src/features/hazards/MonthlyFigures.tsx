import { Card, Col, Row, Statistic } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
import styles from './hazards.module.css';
import { MONTHLY_FIGURES, type Monthly, type MonthlyFigure } from './types';

/** The month's figures of the monthly report (MonthlyPage.tsx). */

/** Figures that are bad news when above zero: shown in red. */
const BAD: ReadonlySet<MonthlyFigure> = new Set(['overdueOpen', 'closedLate', 'supervised', 'repeats']);

function percent(v: number | null): string {
  return v === null ? EMPTY : `${(v * 100).toFixed(1)}%`;
}

export function Figures({ monthly }: { monthly: Monthly }) {
  const t = useT();
  return (
    <Row gutter={[12, 12]}>
      {MONTHLY_FIGURES.map((f) => {
        const value = monthly[f];
        const bad = BAD.has(f) && typeof value === 'number' && value > 0;
        return (
          <Col key={f} xs={12} md={6} xl={3}>
            <Card size="small" className={`${styles.figure} ${bad ? styles.figureBad : ''}`}>
              <Statistic
                title={t(`hazards.monthly.figure.${f}`)}
                value={f === 'rectificationRate' ? percent(monthly.rectificationRate) : (value ?? EMPTY)}
                data-testid={`monthly-figure-${f}`}
                data-value={value ?? ''}
              />
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
