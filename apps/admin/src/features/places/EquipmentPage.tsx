import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { queryKeys } from '../../api/keys';
import type { Equipment } from '../../api/types';
import { editColumn } from '../../components/editColumn';
import { ExportButton } from '../../components/ExportButton';
import { ListToolbar } from '../../components/ListToolbar';
import { PagedTable, usePaging } from '../../components/PagedTable';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { useT } from '../../i18n/I18nProvider';
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
  const [schoolId, setSchoolId, schools] = useSchool();
  const paging = usePaging<EquipmentFilters>();
  const { filters, filter } = paging;
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const canManage = can('place.manage');

  const list = useQuery({
    queryKey: [...queryKeys.equipment, 'list', schoolId, filters, paging.page, paging.pageSize],
    queryFn: () => listEquipment(schoolId!, filters, paging.page, paging.pageSize),
    enabled: !!schoolId,
    placeholderData: keepPreviousData,
  });

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
      ? [editColumn<Equipment>(t, 90, (equipment) => setDialog({ kind: 'edit', equipment }))]
      : []),
  ];

  return (
    <Card>
      <ListToolbar
        resetKey={schoolId}
        actions={
          <>
            <ExportButton
              disabled={!schoolId}
              title={t('equipment.exportHint')}
              onExport={() => exportEquipment(schoolId!, filters)}
            >
              {t('equipment.export')}
            </ExportButton>
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
          </>
        }
      >
        <SchoolSelect
          value={schoolId}
          schools={schools}
          onChange={(id) => {
            setSchoolId(id);
            paging.clearFilters();
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
      </ListToolbar>

      <PagedTable<Equipment>
        list={list}
        paging={paging}
        columns={columns}
        scroll={{ x: 1400 }}
        locale={{
          emptyText: (
            <ListEmpty filtered={paging.filtered} emptyText={t('equipment.empty')} importHint={canManage} />
          ),
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
