import { Select, Space, Tag, type TableColumnsType } from 'antd';
import { queryKeys } from '../../api/keys';
import type { Equipment } from '../../api/types';
import { editColumn } from '../../components/editColumn';
import { ListPage } from '../../components/ListPage';
import { useListPage, type FilterSpec } from '../../components/useListPage';
import { useT } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
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
import { PlaceSelect } from '../../components/PlaceSelect';
import styles from './places.module.css';

const STATUS_COLOR: Record<EquipmentStatus, string> = {
  normal: 'green',
  faulty: 'orange',
  expired: 'red',
  retired: 'default',
};

const FILTER_SPEC: FilterSpec<EquipmentFilters> = {
  q: 'text',
  kind: EQUIPMENT_KINDS,
  status: EQUIPMENT_STATUSES,
  due: ['overdue', '30d'],
  within: 'text',
};

export function EquipmentPage() {
  const t = useT();
  const page = useListPage<EquipmentFilters, Equipment>({
    spec: FILTER_SPEC,
    queryKey: queryKeys.equipment,
    manage: 'place.manage',
    fetchPage: listEquipment,
  });
  const { schoolId, filters, filter, canManage, dialog } = page;

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
    ...(canManage ? [editColumn<Equipment>(t, 90, (row) => page.setDialog({ kind: 'edit', row }))] : []),
  ];

  return (
    <ListPage<EquipmentFilters, Equipment>
      page={page}
      searchPlaceholder={t('equipment.searchPlaceholder')}
      searchClassName={styles.filterWide}
      exportButton={{
        label: t('equipment.export'),
        hint: t('equipment.exportHint'),
        run: () => exportEquipment(schoolId!, filters),
      }}
      create={{ label: t('equipment.create') }}
      columns={columns}
      scroll={{ x: 1400 }}
      empty={{ text: t('equipment.empty') }}
      filters={
        <>
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
        </>
      }
      form={
        dialog?.kind === 'edit' ? (
          <EquipmentFormModal
            schoolId={dialog.row.schoolId}
            equipment={dialog.row}
            onClose={page.closeDialog}
          />
        ) : (
          dialog?.kind === 'create' &&
          schoolId && <EquipmentFormModal schoolId={schoolId} onClose={page.closeDialog} />
        )
      }
    />
  );
}
