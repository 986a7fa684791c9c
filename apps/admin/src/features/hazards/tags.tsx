import { ClockCircleOutlined } from '@ant-design/icons';
import { Tag, Tooltip, Typography } from 'antd';
import type { RiskDomain } from '../../api/types';
import shared from '../../components/page.module.css';
import { useT, type Translate } from '../../i18n/I18nProvider';
import { useTick } from '../../lib/clock';
import { deadlineState, spanOf, type Span } from '../../lib/deadline';
import { formatDateTime } from '../../lib/format';
import type { Grade, Hazard, HazardStatus, Todo, Unit } from './types';
import { withNote } from '../../lib/words';

/** A hazard's clock turns amber a day before its deadline. */
export const SOON_MS = 24 * 3_600_000;

const STATUS_COLOUR: Record<HazardStatus, string> = {
  open: 'orange',
  rectifying: 'blue',
  submitted: 'cyan',
  closed: 'green',
};
const GRADE_COLOUR: Record<Grade, string> = { general: 'default', serious: 'orange', major: 'red' };
const TODO_COLOUR: Record<Todo, string> = {
  assign: 'volcano',
  plan: 'orange',
  progress: 'blue',
  verify: 'cyan',
};

export function spanText(t: Translate, span: Span): string {
  switch (span.unit) {
    case 'dh':
      return t('hazards.span.dh', { d: span.d, h: span.h });
    case 'hm':
      return t('hazards.span.hm', { h: span.h, m: span.m });
    case 'ms':
      return t('hazards.span.ms', { m: span.m, s: span.s });
  }
}

export function StatusTag({ status }: { status: HazardStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLOUR[status]} data-status={status}>
      {t(`hazards.status.${status}`)}
    </Tag>
  );
}

/** 一般 / 较大 / 重大 (重大 in red, solid). */
export function GradeTag({ grade }: { grade: Grade }) {
  const t = useT();
  return (
    <Tag color={GRADE_COLOUR[grade]} variant={grade === 'major' ? 'solid' : undefined} data-grade={grade}>
      {t(`hazards.grade.${grade}`)}
    </Tag>
  );
}

export function TodoTag({ todo }: { todo: Todo }) {
  const t = useT();
  return (
    <Tag color={TODO_COLOUR[todo]} variant="solid" className={shared.todoTag}>
      {t(`hazards.todo.${todo}`)}
    </Tag>
  );
}

/** 已逾期, 挂牌督办, 重复隐患 and 退回 n 次, each when it applies. */
export function FlagTags({ hazard: h }: { hazard: Hazard }) {
  const t = useT();
  return (
    <>
      {h.overdue && (
        <Tag color="red" data-testid="hazard-overdue">
          {t('hazards.tag.overdue')}
        </Tag>
      )}
      {h.supervised && (
        <Tag color="red" variant="solid" data-testid="hazard-supervised">
          {t('hazards.tag.supervised')}
        </Tag>
      )}
      {h.repeat && <Tag color="purple">{t('hazards.tag.repeat')}</Tag>}
      {h.rejections > 0 && <Tag color="magenta">{t('hazards.tag.rejected', { count: h.rejections })}</Tag>}
    </>
  );
}

/**
 * A deadline counting down live: the time left, amber under a day, red and counting up once past.
 * The deadline itself shows in the tooltip.
 */
export function Countdown({ dueAt, compact }: { dueAt: string; compact?: boolean }) {
  const t = useT();
  const now = useTick();
  const state = deadlineState(dueAt, now, SOON_MS);
  const span = spanText(t, spanOf(Date.parse(dueAt) - now));
  return (
    <Tooltip title={t('hazards.due.at', { time: formatDateTime(dueAt) })}>
      <span className={`${shared.countdown} ${shared[`due_${state}`]}`} data-state={state}>
        <ClockCircleOutlined />{' '}
        {state === 'overdue'
          ? t(compact ? 'hazards.due.overdueShort' : 'hazards.due.overdue', { span })
          : t(compact ? 'hazards.due.leftShort' : 'hazards.due.left', { span })}
      </span>
    </Tooltip>
  );
}

export const domainName = (t: Translate, domain: RiskDomain) => t(`riskDomain.${domain}`);

/** The responsible unit with its kind: 保卫处（部门）. */
export const unitText = (t: Translate, u: Unit) =>
  withNote(t, u.name, t(u.kind === 'org' ? 'unit.department' : 'unit.grid'));

/** The responsible unit in a table's cell, or 未指派 in grey. */
export function UnitCell({ unit }: { unit: Unit | null | undefined }) {
  const t = useT();
  return unit ? unitText(t, unit) : <Typography.Text type="secondary">{t('hazards.noUnit')}</Typography.Text>;
}

/** Where a hazard is: the place, else the address, else its grid. */
export function whereOf(h: Hazard): string | null {
  return h.placeName ?? h.address ?? h.gridName;
}
