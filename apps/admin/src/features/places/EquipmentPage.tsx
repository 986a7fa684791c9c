import { DownloadOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Input,
  Select,
  Space,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { queryKeys } from '../../api/keys';
import type { Equipment } from '../../api/types';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
import { useCan } from '../../session/CurrentUser';
import {
  EQUIPMENT_KINDS,
  EQUIPMENT_STATUSES,
  exportEquipment,
  listEquipment,
  PLACE_KINDS,
  type EquipmentFilters,
  type EquipmentKind,
  type EquipmentStatus,
} from './api';
import { EquipmentFormModal } from './EquipmentFormModal';
import { ListEmpty } from '../../components/ListEmpty';
import { PlaceSelect } from '../../components/PlaceSelect';
import styles from './places.module.css';

const DEFAULT_PAGE_SIZE = 20;
const STATUS_COLOR: Record<EquipmentStatus, string> = {
  normal: 'green',
  faulty: 'orange',
  expired: 'red',
  retired: 'default',
};

type Dialog = { kind: 'create' } | { kind: 'edit'; equipment: Equipment };

export function EquipmentPage() {
  const t = useT();
  const can = useCan();
  const { message } = App.useApp();
  const [schoolId, setSchoolId, schools] = useSchool();
  const [filters, setFilters] = useState<EquipmentFilters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(DEFAULT_PAGE_SIZE);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [exporting, setExporting] = useState(false);
  const canManage = can('place.manage');

  const list = useQuery({
    queryKey: [...queryKeys.equipment, 'list', schoolId, filters, page, pageSize],
    queryFn: () => listEquipment(schoolId!, filters, page, pageSize),
    enabled: !!schoolId,
    placeholderData: keepPreviousData,
  });

  const filter = (patch: EquipmentFilters) => {
    setFilters((current) => ({ ...current, ...patch }));
    setPage(1);
  };
  const filtered = Object.values(filters).some((v) => v !== undefined);

  const download = async () => {
    if (!schoolId) return;
    setExporting(true);
    try {
      await exportEquipment(schoolId, filters);
    } catch (err) {
      void message.error(errorMessage(err, t));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<Equipment> = [
    { title: t('equipment.code'), dataIndex: 'code', width: 120, fixed: 'left' },
    { title: t('equipment.name'), dataIndex: 'name', width: 160 },
    {
      title: t('equipment.kind'),
      dataIndex: 'kind',
      width: 120,
      render: (k: EquipmentKind) => t(`equipment.kind.${k}`),
    },
    {
      title: t('equipment.place'),
      key: 'place',
      width: 200,
      render: (_, e) =>
        e.placeName ? (
          <span>
            {e.placeName}
            {e.placeCode && <span className={styles.muted}>（{e.placeCode}）</span>}
          </span>
        ) : (
          EMPTY
        ),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 80,
      render: (s: EquipmentStatus) => <Tag color={STATUS_COLOR[s]}>{t(`equipment.status.${s}`)}</Tag>,
    },
    {
      title: t('equipment.nextInspectionDue'),
      key: 'due',
      width: 190,
      render: (_, e) =>
        e.nextInspectionDue ? (
          <Space size={6}>
            <span className={e.overdue ? styles.overdue : undefined}>{e.nextInspectionDue}</span>
            {e.overdue && <Tag color="red">{t('equipment.overdue')}</Tag>}
          </Space>
        ) : (
          EMPTY
        ),
    },
    {
      title: t('equipment.lastInspectedOn'),
      dataIndex: 'lastInspectedOn',
      width: 120,
      render: (d: string | null) => d ?? EMPTY,
    },
    {
      title: t('equipment.model'),
      dataIndex: 'model',
      width: 120,
      render: (m: string | null) => m ?? EMPTY,
    },
    { title: t('equipment.quantity'), dataIndex: 'quantity', width: 70, align: 'right' },
    {
      title: t('equipment.notes'),
      dataIndex: 'notes',
      width: 180,
      ellipsis: true,
      render: (n: string | null) => n ?? EMPTY,
    },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            fixed: 'right' as const,
            render: (_: unknown, equipment: Equipment) => (
              <Button
                type="link"
                size="small"
                icon={<EditOutlined />}
                onClick={() => setDialog({ kind: 'edit', equipment })}
              >
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card>
      <Flex wrap gap={8} justify="space-between" className={styles.toolbar}>
        <Flex wrap gap={8} key={schoolId}>
          <SchoolSelect
            value={schoolId}
            schools={schools}
            onChange={(id) => {
              setSchoolId(id);
              setFilters({});
              setPage(1);
            }}
          />
          <Input.Search
            allowClear
            placeholder={t('equipment.searchPlaceholder')}
            className={styles.filterWide}
            onSearch={(q) => filter({ q: q.trim() || undefined })}
          />
          <Select
            allowClear
            placeholder={t('equipment.kind')}
            className={styles.filterNarrow}
            popupMatchSelectWidth={false}
            value={filters.kind}
            options={EQUIPMENT_KINDS.map((k) => ({ value: k, label: t(`equipment.kind.${k}`) }))}
            onChange={(kind) => filter({ kind })}
          />
          <Select
            allowClear
            placeholder={t('common.status')}
            className={styles.filterNarrow}
            value={filters.status}
            options={EQUIPMENT_STATUSES.map((s) => ({ value: s, label: t(`equipment.status.${s}`) }))}
            onChange={(status) => filter({ status })}
          />
          <Select
            allowClear
            placeholder={t('equipment.filterDue')}
            className={styles.filterNarrow}
            popupMatchSelectWidth={false}
            value={filters.due}
            options={[
              { value: 'overdue', label: t('equipment.due.overdue') },
              { value: '30d', label: t('equipment.due.30d') },
            ]}
            onChange={(due) => filter({ due })}
          />
          <PlaceSelect
            allowClear
            schoolId={schoolId}
            kinds={PLACE_KINDS}
            placeholder={t('equipment.filterWithin')}
            className={styles.filter}
            value={filters.within}
            onChange={(within) => filter({ within })}
          />
        </Flex>
        <Flex wrap gap={8}>
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            disabled={!schoolId}
            title={t('equipment.exportHint')}
            onClick={() => void download()}
          >
            {t('equipment.export')}
          </Button>
          {canManage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              disabled={!schoolId}
              onClick={() => setDialog({ kind: 'create' })}
            >
              {t('equipment.create')}
            </Button>
          )}
        </Flex>
      </Flex>

      {list.error && (
        <Alert type="error" showIcon title={errorMessage(list.error, t)} className={styles.alert} />
      )}

      <Table<Equipment>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        scroll={{ x: 1400 }}
        locale={{
          emptyText: (
            <ListEmpty filtered={filtered} emptyText={t('equipment.empty')} importHint={canManage} />
          ),
        }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (nextPage, nextSize) => {
            setPage(nextSize === pageSize ? nextPage : 1);
            setPageSize(nextSize);
          },
        }}
      />

      {dialog?.kind === 'create' && schoolId && (
        <EquipmentFormModal schoolId={schoolId} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'edit' && (
        <EquipmentFormModal
          schoolId={dialog.equipment.schoolId}
          equipment={dialog.equipment}
          onClose={() => setDialog(null)}
        />
      )}
    </Card>
  );
}
