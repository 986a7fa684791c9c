import { ClockCircleOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import shared from '../../components/page.module.css';
import { useT, type Translate } from '../../i18n/I18nProvider';
import { useTick } from '../../lib/clock';
import { deadlineState, spanOf, type Span } from '../../lib/deadline';
import { formatDateTime } from '../../lib/format';
import type { CloseKind, Priority, RequestStatus, ServiceRequest, Todo } from './types';

export const STATUS_COLOUR: Record<RequestStatus, string> = {
  received: 'magenta',
  triage: 'volcano',
  dispatched: 'orange',
  accepted: 'gold',
  contacted: 'cyan',
  in_progress: 'blue',
  extended: 'geekblue',
  parked: 'purple',
  replied: 'lime',
  revisit: 'green',
  reopened: 'red',
  closed: 'default',
};

const TODO_COLOUR: Record<Todo, string> = {
  dispatch: 'volcano',
  sign: 'orange',
  contact: 'gold',
  reply: 'blue',
  resume: 'purple',
  audit: 'cyan',
  visit: 'green',
  supervised: 'red',
  rate: 'default',
};

export function spanText(t: Translate, span: Span): string {
  switch (span.unit) {
    case 'dh':
      return t('requests.span.dh', { d: span.d, h: span.h });
    case 'hm':
      return t('requests.span.hm', { h: span.h, m: span.m });
    case 'ms':
      return t('requests.span.ms', { m: span.m, s: span.s });
  }
}

/** The status, and for a closed request how it closed (已结案 · 已解决). */
export function StatusTag({ status, closeKind }: { status: RequestStatus; closeKind?: CloseKind | null }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLOUR[status]} data-status={status}>
      {t(`requests.status.${status}`)}
      {status === 'closed' && closeKind && ` · ${t(`requests.closeKind.${closeKind}`)}`}
    </Tag>
  );
}

export function TodoTag({ todo }: { todo: Todo }) {
  const t = useT();
  return (
    <Tag color={TODO_COLOUR[todo]} variant="solid" className={shared.todoTag}>
      {t(`requests.todo.${todo}`)}
    </Tag>
  );
}

/** 紧急 for an urgent request; nothing for a normal one. */
export function PriorityTag({ priority }: { priority: Priority }) {
  const t = useT();
  return priority === 'urgent' ? <Tag color="red">{t('requests.priority.urgent')}</Tag> : null;
}

/**
 * The escalation ladder reached (催办, 督办, 通报) and whether the request is past its deadlines,
 * each a tag; the time of each step in its tooltip.
 */
export function LadderTags({ request }: { request: ServiceRequest }) {
  const t = useT();
  const { urgedAt, supervisedAt, noticedAt } = request.ladder;
  const steps = [
    { key: 'urge', at: urgedAt, colour: 'gold' },
    { key: 'supervise', at: supervisedAt, colour: 'volcano' },
    { key: 'notice', at: noticedAt, colour: 'red' },
  ] as const;
  return (
    <>
      {request.overdue && (
        <Tag color="red" data-testid="req-overdue">
          {t('requests.tag.overdue')}
        </Tag>
      )}
      {request.respondOverdue && <Tag color="orange">{t('requests.tag.respondOverdue')}</Tag>}
      {steps.map(
        (s) =>
          s.at && (
            <Tooltip key={s.key} title={formatDateTime(s.at)}>
              <Tag color={s.colour} variant="solid" data-ladder={s.key}>
                {t(`requests.ladder.${s.key}`)}
              </Tag>
            </Tooltip>
          ),
      )}
    </>
  );
}

/**
 * A deadline counting down live: the time left, amber under two hours, red and counting up once
 * past. The deadline itself shows in the tooltip.
 */
export function Countdown({ dueAt, compact }: { dueAt: string; compact?: boolean }) {
  const t = useT();
  const now = useTick();
  const state = deadlineState(dueAt, now);
  const span = spanText(t, spanOf(Date.parse(dueAt) - now));
  return (
    <Tooltip title={t('requests.due.at', { time: formatDateTime(dueAt) })}>
      <span className={`${shared.countdown} ${shared[`due_${state}`]}`} data-state={state}>
        <ClockCircleOutlined />{' '}
        {state === 'overdue'
          ? t(compact ? 'requests.due.overdueShort' : 'requests.due.overdue', { span })
          : t(compact ? 'requests.due.leftShort' : 'requests.due.left', { span })}
      </span>
    </Tooltip>
  );
}

/** Where a request is: the place, else the address, else its grid. */
export function whereOf(r: ServiceRequest): string | null {
  return r.placeName ?? r.address ?? r.gridName;
}
