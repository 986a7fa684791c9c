import { formatDuration } from '../../lib/format';
import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  MinusCircleOutlined,
  SyncOutlined,
} from '@ant-design/icons';
import { Flex, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import dayjs from 'dayjs';
import { useT } from '../../i18n/I18nProvider';
import type { Drill, DrillKind, DrillStatus } from './types';

const KIND_COLOUR: Record<DrillKind, string> = { drill: 'orange', device_test: 'blue' };
const STATUS_ICON: Record<DrillStatus, ReactNode> = {
  scheduled: <ClockCircleOutlined />,
  running: <SyncOutlined spin />,
  done: <CheckCircleOutlined />,
  cancelled: <MinusCircleOutlined />,
};
const STATUS_COLOUR: Record<DrillStatus, string> = {
  scheduled: 'blue',
  running: 'orange',
  done: 'green',
  cancelled: 'default',
};

/** Short date-time of the list: "05-20 09:30" this year, "2025-05-20 09:30" before. */
export function shortTime(iso: string): string {
  const at = dayjs(iso);
  return at.format(at.year() === dayjs().year() ? 'MM-DD HH:mm' : 'YYYY-MM-DD HH:mm');
}

export function KindTag({ kind }: { kind: DrillKind }) {
  const t = useT();
  return <Tag color={KIND_COLOUR[kind]}>{t(`drills.kind.${kind}`)}</Tag>;
}

export function DrillStatusTag({ status }: { status: DrillStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLOUR[status]} icon={STATUS_ICON[status]} data-status={status}>
      {t(`drills.status.${status}`)}
    </Tag>
  );
}

/** 报备: when the station was told and how many officers, and whether it has acknowledged. */
export function ReportCell({ drill }: { drill: Drill }) {
  const t = useT();
  if (!drill.reportedAt) return null;
  const acked = drill.policeAckAt;
  return (
    <Flex vertical gap={2} align="flex-start">
      {drill.reportedTo > 0 ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('drills.report.told', { count: drill.reportedTo })} · {shortTime(drill.reportedAt)}
        </Typography.Text>
      ) : (
        <Typography.Text type="warning" style={{ fontSize: 12 }}>
          {t('drills.report.noOfficer')}
        </Typography.Text>
      )}
      {acked ? (
        <Flex gap={4} align="center" wrap>
          <Tag color="green" data-ack="acked">
            {t('drills.report.acked')}
          </Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('drills.report.ackedBy', { name: drill.policeAckByName ?? '', time: shortTime(acked) })}
          </Typography.Text>
        </Flex>
      ) : (
        drill.status !== 'cancelled' && (
          <Tag color="gold" data-ack="pending">
            {t('drills.report.pending')}
          </Tag>
        )
      )}
    </Flex>
  );
}

/** The evacuation time against the target, green when met and red when missed. */
export function ResultCell({ drill }: { drill: Drill }) {
  const t = useT();
  if (drill.kind === 'device_test')
    return drill.status === 'done' ? <Tag color="green">{t('drills.result.testDone')}</Tag> : null;
  const target = drill.targetSeconds;
  if (drill.status === 'done' && drill.evacuationSeconds !== null && drill.result) {
    const met = drill.result === 'met';
    return (
      <Flex gap={4} align="center" wrap>
        <Tag color={met ? 'green' : 'red'} data-result={drill.result}>
          {t(met ? 'drills.result.met' : 'drills.result.missed')}
        </Tag>
        <Typography.Text type={met ? 'success' : 'danger'}>
          {t('drills.result.vsTarget', {
            time: formatDuration(drill.evacuationSeconds),
            target: target === null ? '—' : formatDuration(target),
          })}
        </Typography.Text>
      </Flex>
    );
  }
  if (drill.status === 'done')
    return <Typography.Text type="secondary">{t('drills.result.noTime')}</Typography.Text>;
  if (drill.status === 'cancelled' || target === null) return null;
  return (
    <Typography.Text type="secondary">
      {t('drills.result.target', { target: formatDuration(target) })}
    </Typography.Text>
  );
}
