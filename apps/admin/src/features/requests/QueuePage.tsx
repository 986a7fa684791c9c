import { CustomerServiceOutlined } from '@ant-design/icons';
import { Button, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { QueueCard, TodoQueue } from '../../components/TodoQueue';
import { useT } from '../../i18n/I18nProvider';
import { deadlineState } from '../../lib/deadline';
import { formatDateTime } from '../../lib/format';
import { useQueue, useRequestRights } from './hooks';
import styles from './requests.module.css';
import { Countdown, LadderTags, PriorityTag, StatusTag, TodoTag, whereOf } from './tags';
import { TODOS, type QueueItem } from './types';

function RequestCard({ item, onOpen }: { item: QueueItem; onOpen: (id: string) => void }) {
  const t = useT();
  const r = item.request;
  const where = whereOf(r);
  return (
    <QueueCard
      id={r.id}
      todo={item.todo}
      testId={`queue-item-${r.no}`}
      onOpen={onOpen}
      head={
        <>
          <TodoTag todo={item.todo} />
          <PriorityTag priority={r.priority} />
          <Typography.Text strong>{r.no}</Typography.Text>
          <Typography.Text>{r.categoryName}</Typography.Text>
          <StatusTag status={r.status} closeKind={r.closeKind} />
        </>
      }
      due={item.dueAt && <Countdown dueAt={item.dueAt} />}
      text={r.description}
    >
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
    </QueueCard>
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
  return (
    <TodoQueue
      feature="requests"
      query={queue}
      todos={TODOS}
      dueState={(i, now) => (i.dueAt ? deadlineState(i.dueAt, now) : undefined)}
      actions={
        rights.dispatch && (
          <Button
            type="primary"
            icon={<CustomerServiceOutlined />}
            onClick={() => void navigate('/requests/hotline')}
          >
            {t('menu.requestHotline')}
          </Button>
        )
      }
      overdueTestId="queue-overdue"
      listTestId="request-queue"
      itemKey={(i) => `${i.request.id}-${i.todo}`}
      renderItem={(i) => <RequestCard item={i} onOpen={(id) => void navigate(`/requests/${id}`)} />}
    />
  );
}
