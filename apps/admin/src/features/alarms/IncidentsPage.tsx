import { AlertOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ListEmpty } from '../../components/ListEmpty';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { useT } from '../../i18n/I18nProvider';
import { formatDateTime, formatTime } from '../../lib/format';
import styles from './alarms.module.css';
import { placeText } from './caller';
import { CampusAlertMap } from './CampusAlertMap';
import { useIncident, useOpenIncidents, useRecentIncidents } from './hooks';
import { IncidentList } from './IncidentList';
import { IncidentPanel } from './IncidentPanel';
import { ManualAlarmModal } from './ManualAlarmModal';
import { useAlarmRights } from './rights';
import { ClassTag, ModeTag, StatusTag } from './tags';
import { isOpen, type Incident } from './types';

const RECENT_SHOWN = 20;

/**
 * 接处警台, the security room's console: the school's open incidents beside its campus map (the
 * places of the alarms flashing), the detail of one (also at /incidents/<id>, where escalation
 * notices link), and the latest ended ones below.
 */
export function IncidentsPage() {
  const t = useT();
  const navigate = useNavigate();
  const rights = useAlarmRights();
  const id = useParams()['*'] || undefined;
  const [schoolId, setSchool, schools] = useSchool();
  const [raising, setRaising] = useState(false);
  const open = useOpenIncidents();
  const recent = useRecentIncidents(schoolId);
  const detail = useIncident(id);

  // An incident opened by its address belongs to its school: show that school's map.
  const detailSchool = detail.data?.schoolId;
  useEffect(() => {
    if (detailSchool && detailSchool !== schoolId && schools.some((s) => s.id === detailSchool))
      setSchool(detailSchool);
  }, [detailSchool, schoolId, schools, setSchool]);

  const openHere = (open.data ?? []).filter((i) => i.schoolId === schoolId);
  const ended = (recent.data ?? []).filter((i) => !isOpen(i.status)).slice(0, RECENT_SHOWN);
  const show = (incidentId: string) => void navigate(`/incidents/${incidentId}`);

  const columns: TableColumnsType<Incident> = [
    {
      title: t('incidents.raisedAt'),
      dataIndex: 'raisedAt',
      width: 170,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('incidents.class'),
      key: 'class',
      width: 200,
      render: (_, i) => (
        <>
          <ModeTag mode={i.mode} />
          <ClassTag alarmClass={i.alarmClass} />
        </>
      ),
    },
    {
      title: t('incidents.place'),
      dataIndex: 'placeName',
      render: (_: string | null, i: Incident) => placeText(i, t),
    },
    {
      title: t('incidents.source'),
      dataIndex: 'source',
      width: 120,
      render: (v: Incident['source']) => t(`alarm.source.${v}`),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 100,
      render: (v: Incident['status']) => <StatusTag status={v} />,
    },
    {
      title: t('incidents.endedAt'),
      dataIndex: 'closedAt',
      width: 110,
      render: (v: string | null) => (v ? formatTime(v) : ''),
    },
    { title: t('incidents.closeReason'), dataIndex: 'closeReason', ellipsis: true },
  ];

  return (
    <Card>
      <Flex wrap gap={8} justify="space-between" className={styles.toolbar}>
        <SchoolSelect value={schoolId} onChange={setSchool} schools={schools} />
        {rights.raise && schoolId && (
          <Button danger type="primary" icon={<AlertOutlined />} onClick={() => setRaising(true)}>
            {t('incidents.raise')}
          </Button>
        )}
      </Flex>
      <div className={styles.console}>
        <div className={styles.stage}>
          <CampusAlertMap schoolId={schoolId} incidents={openHere} focusId={id} onOpen={show} />
        </div>
        <IncidentPanel
          id={id}
          onBack={() => void navigate('/incidents')}
          heading={
            <Flex align="center" gap={8}>
              <Typography.Title level={5} className={styles.flat}>
                {t('incidents.open')}
              </Typography.Title>
              <Badge count={openHere.length} showZero color={openHere.length ? 'red' : 'gray'} />
            </Flex>
          }
        >
          <IncidentList
            incidents={openHere}
            fetchedAt={open.dataUpdatedAt}
            onOpen={show}
            emptyText={t('incidents.openEmpty')}
          />
        </IncidentPanel>
      </div>
      <Typography.Title level={5} className={styles.recentTitle}>
        {t('incidents.recent')}
      </Typography.Title>
      <Table<Incident>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={ended}
        loading={recent.isFetching}
        pagination={false}
        rowClassName={(i) => `${styles.clickable} ${i.id === id ? styles.rowSelected : ''}`}
        onRow={(i) => ({ onClick: () => show(i.id) })}
        locale={{ emptyText: <ListEmpty filtered={false} emptyText={t('incidents.recentEmpty')} /> }}
      />
      {raising && schoolId && (
        <ManualAlarmModal schoolId={schoolId} schools={schools} onClose={() => setRaising(false)} />
      )}
    </Card>
  );
}
