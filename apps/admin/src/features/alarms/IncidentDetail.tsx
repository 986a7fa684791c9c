import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Divider, Flex, Result, Skeleton, Typography } from 'antd';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/format';
import styles from './alarms.module.css';
import { accuracyText, CallerDetail, placeText } from './caller';
import { useIncident } from './hooks';
import { IncidentActions } from './IncidentActions';
import { IncidentTimeline } from './IncidentTimeline';
import { PlansCard } from './PlansCard';
import { ResponseClock } from './ResponseClock';
import { useAlarmRights } from './rights';
import { ClassTag, ModeTag, StatusTag } from './tags';
import { isOpen } from './types';

/**
 * One incident as the security room and the police see it: what, where, since when; the response
 * clock; the steps the user may take; the emergency plans; the timeline with notes.
 */
export function IncidentDetail({ id }: { id: string }) {
  const t = useT();
  const rights = useAlarmRights();
  const query = useIncident(id);
  const incident = query.data;

  if (query.error)
    return (
      <Result
        status="warning"
        title={errorMessage(query.error, t)}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void query.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  if (!incident) return <Skeleton active />;

  const open = isOpen(incident.status);
  return (
    <div
      data-testid="incident-detail"
      data-status={incident.status}
      data-mode={incident.mode}
      data-id={incident.id}
    >
      {incident.mode !== 'real' && (
        <Alert
          className={styles.section}
          type={incident.mode === 'drill' ? 'warning' : 'info'}
          showIcon
          title={t(`alarm.banner.notice.${incident.mode}`)}
        />
      )}
      <Flex wrap gap={4} align="center" className={styles.section}>
        <ModeTag mode={incident.mode} />
        <ClassTag alarmClass={incident.alarmClass} />
        <StatusTag status={incident.status} />
        <Typography.Text strong className={styles.detailSchool}>
          {incident.schoolName}
        </Typography.Text>
      </Flex>
      <Descriptions
        size="small"
        column={2}
        className={styles.section}
        items={[
          {
            key: 'place',
            label: t('incidents.place'),
            children: (
              <span data-testid="incident-place">
                {placeText(incident, t)}
                {incident.accuracy !== null && (
                  <Typography.Text type="secondary"> · {accuracyText(incident, t)}</Typography.Text>
                )}
              </span>
            ),
          },
          { key: 'source', label: t('incidents.source'), children: t(`alarm.source.${incident.source}`) },
          { key: 'raised', label: t('incidents.raisedAt'), children: formatDateTime(incident.raisedAt) },
          ...(incident.closedAt
            ? [{ key: 'ended', label: t('incidents.endedAt'), children: formatDateTime(incident.closedAt) }]
            : []),
          ...(incident.lon !== null && incident.lat !== null
            ? [
                {
                  key: 'coords',
                  label: t('incident.coordinates'),
                  children: `${incident.lon.toFixed(5)}, ${incident.lat.toFixed(5)}`,
                },
              ]
            : []),
          ...(incident.caller
            ? [
                {
                  key: 'caller',
                  label: t('alarm.caller.title'),
                  span: 2,
                  children: <CallerDetail incident={incident} canReveal={rights.handle} />,
                },
              ]
            : []),
          ...(incident.note
            ? [{ key: 'note', label: t('incident.note'), span: 2, children: incident.note }]
            : []),
          ...(incident.resolveNote
            ? [
                {
                  key: 'resolveNote',
                  label: t('incident.resolveNote'),
                  span: 2,
                  children: incident.resolveNote,
                },
              ]
            : []),
          ...(incident.closeReason
            ? [{ key: 'reason', label: t('incident.closeReason'), span: 2, children: incident.closeReason }]
            : []),
        ]}
      />
      <Typography.Title level={5}>{t('alarm.clock.title')}</Typography.Title>
      <ResponseClock incident={incident} fetchedAt={query.dataUpdatedAt} />
      <Typography.Title level={5}>{t('incident.actions')}</Typography.Title>
      <IncidentActions incident={incident} />
      {open && rights.police && !rights.handle && (
        <Typography.Paragraph type="secondary" className={styles.hint}>
          {t('police.schoolCloses')}
        </Typography.Paragraph>
      )}
      <Divider />
      <Typography.Title level={5}>{t('incident.plans')}</Typography.Title>
      <PlansCard key={incident.id} incident={incident} canHandle={rights.handle} />
      <Divider />
      <Typography.Title level={5}>{t('incident.timeline')}</Typography.Title>
      <IncidentTimeline incident={incident} canNote={rights.handle && open} />
    </div>
  );
}
