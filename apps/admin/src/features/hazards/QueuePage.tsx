import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Empty, Flex, Segmented, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { useTick } from '../../lib/clock';
import { deadlineState } from '../../lib/deadline';
import { formatDateTime } from '../../lib/format';
import styles from './hazards.module.css';
import { useHazardRights, useQueue } from './hooks';
import { ReportHazardModal } from './ReportHazardModal';
import {
  Countdown,
  domainName,
  FlagTags,
  GradeTag,
  SOON_MS,
  StatusTag,
  TodoTag,
  unitText,
  whereOf,
} from './tags';
import { TODOS, type QueueItem, type Todo } from './types';

function QueueCard({ item, onOpen }: { item: QueueItem; onOpen: (id: string) => void }) {
  const t = useT();
  const h = item.hazard;
  return (
    <button
      type="button"
      className={`${styles.queueItem} ${h.grade === 'major' ? styles.queueMajor : ''}`}
      data-testid={`hazard-queue-item-${h.no}`}
      data-todo={item.todo}
      data-id={h.id}
      onClick={() => onOpen(h.id)}
    >
      <div className={styles.queueHead}>
        <TodoTag todo={item.todo} />
        <GradeTag grade={h.grade} />
        <Typography.Text strong>{h.no}</Typography.Text>
        <Typography.Text>{h.title}</Typography.Text>
        <StatusTag status={h.status} />
        <FlagTags hazard={h} />
        <span className={styles.grow} />
        <Countdown dueAt={h.deadline} />
      </div>
      {h.description && <div className={styles.queueText}>{h.description}</div>}
      <div className={styles.queueMeta}>
        {[
          h.schoolName,
          domainName(t, h.domain),
          whereOf(h),
          h.unit ? unitText(t, h.unit) : t('hazards.noUnit'),
          t('hazards.queue.found', { time: formatDateTime(h.foundAt), name: h.foundByName }),
        ]
          .filter(Boolean)
          .join(' · ')}
      </div>
    </button>
  );
}

/**
 * 隐患待办: what the signed-in user is expected to do next on hazards — the unit's 五定 and
 * progress, the office's verification and assignment — soonest deadline first, each with a live
 * countdown (amber under a day, red once late). New work arrives by realtime.
 */
export function QueuePage() {
  const t = useT();
  const navigate = useNavigate();
  const rights = useHazardRights();
  const queue = useQueue();
  const [params, setParams] = useSearchParams();
  const [reporting, setReporting] = useState(false);
  const now = useTick();
  const items = queue.data ?? [];
  const chosen = params.get('todo');
  const todo: Todo | 'all' = TODOS.find((x) => x === chosen) ?? 'all';

  const counts = new Map<Todo, number>();
  for (const i of items) counts.set(i.todo, (counts.get(i.todo) ?? 0) + 1);
  const shown = todo === 'all' ? items : items.filter((i) => i.todo === todo);
  const state = (i: QueueItem) => deadlineState(i.hazard.deadline, now, SOON_MS);
  const overdue = items.filter((i) => state(i) === 'overdue').length;
  const soon = items.filter((i) => state(i) === 'soon').length;

  const choose = (next: Todo | 'all') => setParams(next === 'all' ? {} : { todo: next }, { replace: true });

  return (
    <Card>
      <Flex wrap gap={12} align="center" justify="space-between" className={styles.toolbar}>
        <Flex wrap gap={12} align="center">
          <Typography.Title level={4} className={styles.flat}>
            {t('hazards.queue.title')}
          </Typography.Title>
          <Badge count={items.length} showZero color={items.length ? 'blue' : 'gray'} />
          {overdue > 0 && (
            <Typography.Text type="danger" data-testid="hazard-queue-overdue">
              {t('hazards.queue.overdueCount', { count: overdue })}
            </Typography.Text>
          )}
          {soon > 0 && (
            <Typography.Text type="warning">{t('hazards.queue.soonCount', { count: soon })}</Typography.Text>
          )}
        </Flex>
        <Flex wrap gap={8}>
          <Button
            icon={<ReloadOutlined />}
            loading={queue.isFetching}
            onClick={() => void queue.refetch()}
            aria-label={t('hazards.refresh')}
          />
          {rights.report && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setReporting(true)}>
              {t('hazards.report.button')}
            </Button>
          )}
        </Flex>
      </Flex>
      {items.length > 0 && (
        <Segmented<Todo | 'all'>
          className={styles.todoFilter}
          value={todo}
          onChange={choose}
          options={[
            { value: 'all', label: t('hazards.queue.all', { count: items.length }) },
            ...TODOS.filter((x) => counts.has(x)).map((x) => ({
              value: x,
              label: `${t(`hazards.todo.${x}`)} ${counts.get(x)}`,
            })),
          ]}
        />
      )}
      {!!queue.error && <Alert type="error" showIcon title={errorMessage(queue.error, t)} />}
      {queue.isPending ? (
        <Skeleton active />
      ) : shown.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t(todo === 'all' ? 'hazards.queue.empty' : 'common.noMatch')}
        />
      ) : (
        <div className={styles.queue} data-testid="hazard-queue">
          {shown.map((i) => (
            <QueueCard
              key={`${i.hazard.id}-${i.todo}`}
              item={i}
              onOpen={(id) => void navigate(`/hazards/${id}`)}
            />
          ))}
        </div>
      )}
      {reporting && <ReportHazardModal onClose={() => setReporting(false)} />}
    </Card>
  );
}
