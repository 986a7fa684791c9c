import {
  AlertOutlined,
  CheckOutlined,
  CloseOutlined,
  FlagOutlined,
  PlayCircleOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Flex, Typography } from 'antd';
import dayjs from 'dayjs';
import type { MouseEvent } from 'react';
import { Link } from 'react-router';
import { useT } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/format';
import styles from './drills.module.css';
import { useDrillStep, type DrillRights } from './hooks';
import type { Drill } from './types';

interface DrillActionsProps {
  drill: Drill;
  rights: DrillRights;
  onFinish: (drill: Drill) => void;
  onCancel: (drill: Drill) => void;
  size?: 'small' | 'middle';
  /** 查看警情 among the actions (the drawer shows it with the incident's status instead) */
  incidentLink?: boolean;
}

/** Keeps a click on a button from also opening the row it sits in. */
const own = (fn: () => void) => (e: MouseEvent) => {
  e.stopPropagation();
  fn();
};

/** The steps the user may take on a drill now, and its incident once there is one. */
export function DrillActions({
  drill,
  rights,
  onFinish,
  onCancel,
  size = 'small',
  incidentLink = true,
}: DrillActionsProps) {
  const t = useT();
  const { modal } = App.useApp();
  const step = useDrillStep();
  const busy = (kind: 'start' | 'acknowledge') =>
    step.isPending && step.variables.kind === kind && step.variables.id === drill.id;

  const confirmStart = () => {
    const early = dayjs(drill.scheduledAt).isAfter(dayjs().add(1, 'minute'));
    modal.confirm({
      title: t('drills.start.title', { title: drill.title }),
      icon: <AlertOutlined style={{ color: '#fa8c16' }} />,
      width: 480,
      content: (
        <Flex vertical gap={8}>
          <Typography.Text>
            {drill.kind === 'drill'
              ? t('drills.start.drill')
              : t('drills.start.test', { device: drill.deviceName ?? '' })}
          </Typography.Text>
          {drill.kind === 'drill' && drill.planType && (
            <Typography.Text>
              {t('drills.start.plan', { plan: t(`drills.plan.${drill.planType}`) })}
            </Typography.Text>
          )}
          {early && (
            <Typography.Text type="secondary">
              {t('drills.start.early', { time: formatDateTime(drill.scheduledAt) })}
            </Typography.Text>
          )}
          {!drill.policeAckAt && <Alert type="warning" showIcon title={t('drills.start.notAcked')} />}
        </Flex>
      ),
      okText: t('drills.start.ok'),
      okButtonProps: { danger: true, ...{ 'data-testid': 'drill-start-confirm' } },
      cancelText: t('common.cancel'),
      onOk: () => step.mutateAsync({ kind: 'start', id: drill.id }).catch(() => undefined),
    });
  };

  const canStart = rights.manage && drill.status === 'scheduled';
  const canFinish = rights.manage && drill.status === 'running';
  const canAck = rights.police && drill.status !== 'cancelled' && !drill.policeAckAt;
  const showIncident = incidentLink && !!drill.incidentId;
  if (!canStart && !canFinish && !canAck && !showIncident) return null;
  return (
    <Flex gap={4} wrap align="center" onClick={(e) => e.stopPropagation()}>
      {canStart && (
        <Button
          size={size}
          type="primary"
          danger
          icon={<PlayCircleOutlined />}
          loading={busy('start')}
          onClick={own(confirmStart)}
          data-testid="drill-start"
        >
          {t('drills.action.start')}
        </Button>
      )}
      {canFinish && (
        <Button
          size={size}
          type="primary"
          icon={<FlagOutlined />}
          onClick={own(() => onFinish(drill))}
          data-testid="drill-finish"
        >
          {t('drills.action.finish')}
        </Button>
      )}
      {canAck && (
        <Button
          size={size}
          type="primary"
          icon={<CheckOutlined />}
          loading={busy('acknowledge')}
          onClick={own(() => step.mutate({ kind: 'acknowledge', id: drill.id }))}
          data-testid="drill-ack"
        >
          {t('drills.action.ack')}
        </Button>
      )}
      {canStart && (
        <Button
          size={size}
          icon={<CloseOutlined />}
          onClick={own(() => onCancel(drill))}
          data-testid="drill-cancel"
        >
          {t('drills.action.cancel')}
        </Button>
      )}
      {showIncident && (
        <Link
          to={`/incidents/${drill.incidentId!}`}
          className={styles.incidentLink}
          onClick={(e) => e.stopPropagation()}
          data-testid="drill-incident"
        >
          <AlertOutlined /> {t('drills.action.viewIncident')}
        </Link>
      )}
    </Flex>
  );
}
