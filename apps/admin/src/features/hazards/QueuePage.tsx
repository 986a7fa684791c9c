import { PlusOutlined } from '@ant-design/icons';
import { Button, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { QueueCard, TodoQueue } from '../../components/TodoQueue';
import { useT } from '../../i18n/I18nProvider';
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
import { TODOS, type QueueItem } from './types';

function HazardCard({ item, onOpen }: { item: QueueItem; onOpen: (id: string) => void }) {
  const t = useT();
  const h = item.hazard;
  return (
    <QueueCard
      id={h.id}
      todo={item.todo}
      testId={`hazard-queue-item-${h.no}`}
      marked={h.grade === 'major'}
      onOpen={onOpen}
      head={
        <>
          <TodoTag todo={item.todo} />
          <GradeTag grade={h.grade} />
          <Typography.Text strong>{h.no}</Typography.Text>
          <Typography.Text>{h.title}</Typography.Text>
          <StatusTag status={h.status} />
          <FlagTags hazard={h} />
        </>
      }
      due={<Countdown dueAt={h.deadline} />}
      text={h.description || undefined}
    >
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
    </QueueCard>
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
  const [reporting, setReporting] = useState(false);
  return (
    <>
      <TodoQueue
        feature="hazards"
        query={queue}
        todos={TODOS}
        dueState={(i, now) => deadlineState(i.hazard.deadline, now, SOON_MS)}
        actions={
          rights.report && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setReporting(true)}>
              {t('hazards.report.button')}
            </Button>
          )
        }
        overdueTestId="hazard-queue-overdue"
        listTestId="hazard-queue"
        itemKey={(i) => `${i.hazard.id}-${i.todo}`}
        renderItem={(i) => <HazardCard item={i} onOpen={(id) => void navigate(`/hazards/${id}`)} />}
      />
      {reporting && <ReportHazardModal onClose={() => setReporting(false)} />}
    </>
  );
}
