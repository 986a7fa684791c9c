import { ApiError } from '@anxiao/web-core';
import {
  Alert,
  Descriptions,
  Drawer,
  Flex,
  Skeleton,
  Timeline,
  Typography,
  type DescriptionsProps,
} from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useI18n, errorMessage } from '../../i18n/I18nProvider';
import { EMPTY, formatDateTime } from '../../lib/format';
import { DrillActions } from './DrillActions';
import styles from './drills.module.css';
import { useDrill, type DrillRights } from './hooks';
import { durationText } from './model';
import { DrillStatusTag, KindTag, ReportCell, ResultCell } from './tags';
import { TIMING_STEPS, type Drill } from './types';

interface Step {
  key: string;
  at: string | null;
  color: string;
  title: string;
  body?: ReactNode;
}

/** What happened to the drill, in order, then what is still to come (greyed). */
function useTimeline(d: Drill): { key: string; color: string; content: ReactNode }[] {
  const { t } = useI18n();
  const done: Step[] = [];
  const pending: Step[] = [];
  if (d.reportedAt)
    done.push({
      key: 'reported',
      at: d.reportedAt,
      color: 'blue',
      title: t('drills.tl.reported'),
      body: t('drills.tl.reportedBody', {
        name: d.createdByName,
        count: d.reportedTo,
        time: formatDateTime(d.scheduledAt),
      }),
    });
  if (d.policeAckAt)
    done.push({
      key: 'ack',
      at: d.policeAckAt,
      color: 'green',
      title: t('drills.tl.ack'),
      body: d.policeAckByName,
    });
  else if (d.status !== 'cancelled')
    pending.push({ key: 'ack', at: null, color: 'gray', title: t('drills.tl.ackPending') });
  if (d.startedAt)
    done.push({ key: 'started', at: d.startedAt, color: 'orange', title: t('drills.tl.started') });
  else if (d.status === 'scheduled')
    pending.push({
      key: 'started',
      at: null,
      color: 'gray',
      title: t('drills.tl.startPending'),
      body: formatDateTime(d.scheduledAt),
    });
  if (d.finishedAt)
    done.push({
      key: 'finished',
      at: d.finishedAt,
      color: 'green',
      title: t('drills.tl.finished'),
      body: <ResultCell drill={d} />,
    });
  else if (d.status === 'running')
    pending.push({ key: 'finished', at: null, color: 'gray', title: t('drills.tl.finishPending') });
  done.sort((a, b) => dayjs(a.at).valueOf() - dayjs(b.at).valueOf());
  // The cancellation carries no time of its own: it comes last of what happened.
  if (d.status === 'cancelled')
    done.push({
      key: 'cancelled',
      at: null,
      color: 'gray',
      title: t('drills.tl.cancelled'),
      body: d.cancelReason,
    });
  return [...done, ...pending].map((s) => ({
    key: s.key,
    color: s.color,
    content: (
      <div className={s.color === 'gray' && s.key !== 'cancelled' ? styles.pendingStep : undefined}>
        <Flex gap={8} align="baseline" wrap>
          <Typography.Text strong={s.color !== 'gray'}>{s.title}</Typography.Text>
          {s.at && <Typography.Text type="secondary">{formatDateTime(s.at)}</Typography.Text>}
        </Flex>
        {s.body && <div className={styles.stepBody}>{s.body}</div>}
      </div>
    ),
  }));
}

function DrillDetail({ drill: d, rights, onFinish, onCancel }: DrawerBodyProps & { drill: Drill }) {
  const { t, tCode } = useI18n();
  const timeline = useTimeline(d);
  const isDrill = d.kind === 'drill';
  const items: DescriptionsProps['items'] = [
    { key: 'school', label: t('drills.detail.school'), children: d.schoolName },
    { key: 'kind', label: t('drills.detail.kind'), children: <KindTag kind={d.kind} /> },
    { key: 'at', label: t('drills.detail.scheduledAt'), children: formatDateTime(d.scheduledAt) },
    { key: 'status', label: t('drills.detail.status'), children: <DrillStatusTag status={d.status} /> },
    ...(isDrill
      ? [
          {
            key: 'plan',
            label: t('drills.detail.plan'),
            children: d.planType ? t(`drills.plan.${d.planType}`) : t('drills.detail.noPlan'),
          },
          { key: 'class', label: t('drills.detail.class'), children: t(`drills.class.${d.alarmClass}`) },
          { key: 'building', label: t('drills.detail.building'), children: d.placeName ?? EMPTY },
          {
            key: 'target',
            label: t('drills.detail.target'),
            children: d.targetSeconds === null ? EMPTY : durationText(t, d.targetSeconds),
          },
        ]
      : [
          { key: 'device', label: t('drills.detail.device'), children: d.deviceName ?? EMPTY },
          { key: 'class', label: t('drills.detail.class'), children: t(`drills.class.${d.alarmClass}`) },
        ]),
    { key: 'by', label: t('drills.detail.createdBy'), children: d.createdByName },
    { key: 'report', label: t('drills.detail.report'), children: <ReportCell drill={d} /> },
    ...(d.incidentId
      ? [
          {
            key: 'incident',
            label: t('drills.detail.incident'),
            children: (
              <Flex gap={12} wrap align="baseline">
                <Link to={`/incidents/${d.incidentId}`} data-testid="drill-incident">
                  {t('drills.action.viewIncident')}
                </Link>
                {d.incidentStatus && (
                  <Typography.Text type="secondary">
                    {t('drills.detail.incidentStatus', { status: tCode('alarm.status', d.incidentStatus) })}
                  </Typography.Text>
                )}
              </Flex>
            ),
          },
        ]
      : []),
    ...(isDrill && d.status === 'done'
      ? [
          { key: 'result', label: t('drills.detail.result'), children: <ResultCell drill={d} /> },
          {
            key: 'participants',
            label: t('drills.detail.participants'),
            children:
              d.participants === null ? EMPTY : t('drills.detail.participantsValue', { n: d.participants }),
          },
        ]
      : []),
    ...(d.status === 'done'
      ? [
          {
            key: 'summary',
            label: t('drills.detail.summary'),
            children: d.summary ? <span className={styles.summaryText}>{d.summary}</span> : EMPTY,
          },
        ]
      : []),
    ...(d.status === 'cancelled'
      ? [{ key: 'reason', label: t('drills.detail.cancelReason'), children: d.cancelReason ?? EMPTY }]
      : []),
  ];

  return (
    <Flex vertical gap={20}>
      <DrillActions
        drill={d}
        rights={rights}
        onFinish={onFinish}
        onCancel={onCancel}
        size="middle"
        incidentLink={false}
      />
      <Descriptions bordered size="small" column={1} items={items} styles={{ label: { width: 120 } }} />
      {d.incidentId && (
        <section>
          <Typography.Title level={5} className={styles.sectionTitle}>
            {t('drills.detail.evidence')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" className={styles.hint}>
            {t('drills.detail.evidenceHint')}
          </Typography.Paragraph>
          <div className={styles.timings} data-testid="drill-timings">
            {TIMING_STEPS.map((k) => {
              const s = d.timings[k];
              return (
                <div key={k} className={styles.timing}>
                  <Typography.Text type="secondary">{t(`drills.timing.${k}`)}</Typography.Text>
                  <div className={s === null ? styles.timingNone : styles.timingValue}>
                    {s === null ? t('drills.timing.none') : durationText(t, s)}
                  </div>
                </div>
              );
            })}
          </div>
        </section>
      )}
      <section>
        <Typography.Title level={5} className={styles.sectionTitle}>
          {t('drills.detail.timeline')}
        </Typography.Title>
        <Timeline items={timeline} />
      </section>
    </Flex>
  );
}

interface DrawerBodyProps {
  rights: DrillRights;
  onFinish: (drill: Drill) => void;
  onCancel: (drill: Drill) => void;
}

/** One drill with everything kept of it: opened by a row, or by ?open=<id> (the police notice). */
export function DrillDrawer({
  id,
  listed,
  onClose,
  ...body
}: DrawerBodyProps & { id: string; listed: Drill | undefined; onClose: () => void }) {
  const { t } = useI18n();
  const query = useDrill(id, listed);
  const d = query.data;
  return (
    <Drawer
      open
      size={640}
      onClose={onClose}
      title={
        d && (
          <Flex gap={8} align="center">
            <KindTag kind={d.kind} />
            <span>{d.title}</span>
          </Flex>
        )
      }
      extra={d && <DrillStatusTag status={d.status} />}
    >
      <div data-testid="drill-drawer">
        {d ? (
          <DrillDetail drill={d} {...body} />
        ) : query.error ? (
          <Alert
            type="error"
            showIcon
            title={
              query.error instanceof ApiError && query.error.status === 404
                ? t('drills.detail.notFound')
                : errorMessage(query.error, t)
            }
          />
        ) : (
          <Skeleton active />
        )}
      </div>
    </Drawer>
  );
}
