import { CustomerServiceOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Empty, Flex, Segmented, Skeleton, Typography } from 'antd';
import { useSearchParams, useNavigate } from 'react-router';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { useTick } from '../../lib/clock';
import { deadlineState } from '../../lib/deadline';
import { formatDateTime } from '../../lib/format';
import { useQueue, useRequestRights } from './hooks';
import styles from './requests.module.css';
import { Countdown, LadderTags, PriorityTag, StatusTag, TodoTag, whereOf } from './tags';
import { TODOS, type QueueItem, type Todo } from './types';

function QueueCard({ item, onOpen }: { item: QueueItem; onOpen: (id: string) => void }) {
  const t = useT();
  const r = item.request;
  const where = whereOf(r);
  return (
    <button
      type="button"
      className={styles.queueItem}
      data-testid={`queue-item-${r.no}`}
      data-todo={item.todo}
      data-id={r.id}
      onClick={() => onOpen(r.id)}
    >
      <div className={styles.queueHead}>
        <TodoTag todo={item.todo} />
        <PriorityTag priority={r.priority} />
        <Typography.Text strong>{r.no}</Typography.Text>
        <Typography.Text>{r.categoryName}</Typography.Text>
        <StatusTag status={r.status} closeKind={r.closeKind} />
        <span className={styles.grow} />
        {item.dueAt && <Countdown dueAt={item.dueAt} />}
      </div>
      <div className={styles.queueText}>{r.description}</div>
      <div className={styles.queueMeta}>
        {[
          where,
          r.unit ? t('requests.queue.unit', { unit: r.unit.name }) : t('requests.queue.noUnit'),
          t('requests.queue.received', { time: formatDateTime(r.receivedAt) }),
          t(`requests.channel.${r.channel}`),
        ]
          .filter(Boolean)
          .join(' · ')}
        <span className={styles.queueTags}>
          <LadderTags request={r} />
        </span>
      </div>
    </button>
  );
}

/**
 * 待我处理: what the signed-in user is expected to do next on requests — the unit's signing,
 * contacting and replying, the centre's dispatching, auditing and return visits, what is under
 * supervision — soonest deadline first, each with a live countdown. New work arrives by realtime.
 */
export function QueuePage() {
  const t = useT();
  const navigate = useNavigate();
  const rights = useRequestRights();
  const queue = useQueue();
  const [params, setParams] = useSearchParams();
  const now = useTick();
  const items = queue.data ?? [];
  const chosen = params.get('todo');
  const todo: Todo | 'all' = TODOS.find((x) => x === chosen) ?? 'all';

  const counts = new Map<Todo, number>();
  for (const i of items) counts.set(i.todo, (counts.get(i.todo) ?? 0) + 1);
  const shown = todo === 'all' ? items : items.filter((i) => i.todo === todo);
  const overdue = items.filter((i) => i.dueAt && deadlineState(i.dueAt, now) === 'overdue').length;
  const soon = items.filter((i) => i.dueAt && deadlineState(i.dueAt, now) === 'soon').length;

  const choose = (next: Todo | 'all') => setParams(next === 'all' ? {} : { todo: next }, { replace: true });

  return (
    <Card>
      <Flex wrap gap={12} align="center" justify="space-between" className={styles.toolbar}>
        <Flex wrap gap={12} align="center">
          <Typography.Title level={4} className={styles.flat}>
            {t('requests.queue.title')}
          </Typography.Title>
          <Badge count={items.length} showZero color={items.length ? 'blue' : 'gray'} />
          {overdue > 0 && (
            <Typography.Text type="danger" data-testid="queue-overdue">
              {t('requests.queue.overdueCount', { count: overdue })}
            </Typography.Text>
          )}
          {soon > 0 && (
            <Typography.Text type="warning">{t('requests.queue.soonCount', { count: soon })}</Typography.Text>
          )}
        </Flex>
        <Flex wrap gap={8}>
          <Button
            icon={<ReloadOutlined />}
            loading={queue.isFetching}
            onClick={() => void queue.refetch()}
            aria-label={t('requests.refresh')}
          />
          {rights.dispatch && (
            <Button
              type="primary"
              icon={<CustomerServiceOutlined />}
              onClick={() => void navigate('/requests/hotline')}
            >
              {t('menu.requestHotline')}
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
            { value: 'all', label: t('requests.queue.all', { count: items.length }) },
            ...TODOS.filter((x) => counts.has(x)).map((x) => ({
              value: x,
              label: `${t(`requests.todo.${x}`)} ${counts.get(x)}`,
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
          description={t(todo === 'all' ? 'requests.queue.empty' : 'common.noMatch')}
        />
      ) : (
        <div className={styles.queue} data-testid="request-queue">
          {shown.map((i) => (
            <QueueCard
              key={`${i.request.id}-${i.todo}`}
              item={i}
              onOpen={(id) => void navigate(`/requests/${id}`)}
            />
          ))}
        </div>
      )}
    </Card>
  );
}
