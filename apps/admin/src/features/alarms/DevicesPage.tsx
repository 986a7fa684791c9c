import { ExperimentOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Popconfirm, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { queryKeys } from '../../api/keys';
import { ListEmpty } from '../../components/ListEmpty';
import { ListToolbar } from '../../components/ListToolbar';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { EMPTY, formatDateTime } from '../../lib/format';
import { listDevices, testDevice } from './api';
import { DeviceFormModal } from './DeviceFormModal';
import { useAlarmRights } from './rights';
import { ClassTag } from './tags';
import type { AlarmDevice } from './types';

/**
 * 报警设备: the school's alarm buttons (gate, guard room, dormitory duty room, nearby shops) with
 * whether they are online (live: a missed heartbeat comes as an event), their last heartbeat and
 * test; registering one (its secret shows once) and a test press from here.
 */
export function DevicesPage() {
  const t = useT();
  const { message } = App.useApp();
  const rights = useAlarmRights();
  const [schoolId, setSchool, schools] = useSchool();
  const [registering, setRegistering] = useState(false);
  const list = useQuery({
    queryKey: [...queryKeys.alarmDevices, schoolId],
    queryFn: () => listDevices(schoolId),
    enabled: Boolean(schoolId),
  });
  const devices = list.data ?? [];

  const test = useMutation({
    mutationFn: (id: string) => testDevice(id),
    onSuccess: () => void message.success(t('devices.testStarted')),
    onError: (err) => void message.error(errorMessage(err, t)),
  });

  const columns: TableColumnsType<AlarmDevice> = [
    { title: t('devices.code'), dataIndex: 'code', width: 140 },
    { title: t('devices.name'), dataIndex: 'name', width: 180 },
    {
      title: t('devices.kind'),
      dataIndex: 'kind',
      width: 120,
      render: (k: AlarmDevice['kind']) => t(`devices.kind.${k}`),
    },
    {
      title: t('devices.class'),
      dataIndex: 'alarmClass',
      width: 120,
      render: (c: AlarmDevice['alarmClass']) => <ClassTag alarmClass={c} />,
    },
    {
      title: t('devices.place'),
      key: 'place',
      render: (_, d) => (d.placeName ? `${d.placeName}（${d.placeCode}）` : EMPTY),
    },
    {
      title: t('devices.status'),
      key: 'status',
      width: 100,
      render: (_, d) =>
        !d.enabled ? (
          <Badge status="default" text={t('devices.disabled')} />
        ) : (
          <Badge
            status={d.online ? 'success' : 'error'}
            text={t(d.online ? 'devices.online' : 'devices.offline')}
          />
        ),
    },
    {
      title: t('devices.lastSeen'),
      dataIndex: 'lastSeenAt',
      width: 170,
      render: (v: string | null) => (v ? formatDateTime(v) : t('devices.never')),
    },
    {
      title: t('devices.lastTest'),
      dataIndex: 'lastTestAt',
      width: 170,
      render: (v: string | null) => (v ? formatDateTime(v) : t('devices.never')),
    },
    ...(rights.devices
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            fixed: 'right' as const,
            render: (_: unknown, d: AlarmDevice) => (
              <Popconfirm
                title={t('devices.testConfirm')}
                okText={t('devices.test')}
                cancelText={t('common.cancel')}
                onConfirm={() => test.mutate(d.id)}
              >
                <Button
                  size="small"
                  icon={<ExperimentOutlined />}
                  disabled={!d.enabled}
                  loading={test.isPending && test.variables === d.id}
                  data-testid={`device-test-${d.code}`}
                >
                  {t('devices.test')}
                </Button>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card>
      <ListToolbar
        resetKey={schoolId}
        actions={
          rights.devices && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              disabled={!schoolId}
              onClick={() => setRegistering(true)}
            >
              {t('devices.register')}
            </Button>
          )
        }
      >
        <SchoolSelect value={schoolId} onChange={setSchool} schools={schools} />
      </ListToolbar>
      {!!list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} />}
      <Table<AlarmDevice>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={devices}
        loading={list.isFetching}
        pagination={false}
        scroll={{ x: 1200 }}
        locale={{ emptyText: <ListEmpty filtered={false} emptyText={t('devices.empty')} /> }}
      />
      {registering && schoolId && (
        <DeviceFormModal schoolId={schoolId} schools={schools} onClose={() => setRegistering(false)} />
      )}
    </Card>
  );
}
