import { Select, Tag, type TableColumnsType } from 'antd';
import { queryKeys } from '../../api/keys';
import type { Staff } from '../../api/types';
import { editColumn } from '../../components/editColumn';
import { ListPage } from '../../components/ListPage';
import { useListPage, type FilterSpec } from '../../components/useListPage';
import { useT } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
import { PhoneCell } from './PhoneCell';
import {
  exportStaff,
  listStaff,
  STAFF_KINDS,
  STAFF_ORG_KINDS,
  type StaffFilters,
  type StaffKind,
} from './api';
import styles from './people.module.css';
import { SchoolOrgSelect } from './SchoolOrgSelect';
import { StaffFormModal } from './StaffFormModal';

const KIND_COLOR: Record<StaffKind, string> = {
  teacher: 'blue',
  staff: 'cyan',
  guard: 'volcano',
  volunteer: 'green',
};

const FILTER_SPEC: FilterSpec<StaffFilters> = { q: 'text', orgId: 'text', kind: STAFF_KINDS };

export function StaffPage() {
  const t = useT();
  const page = useListPage<StaffFilters, Staff>({
    spec: FILTER_SPEC,
    queryKey: queryKeys.staff,
    manage: 'people.manage',
    fetchPage: listStaff,
  });
  const { schoolId, filters, filter, canManage, dialog } = page;

  const columns: TableColumnsType<Staff> = [
    { title: t('staff.staffNo'), dataIndex: 'staffNo', width: 120, fixed: 'left' },
    { title: t('staff.name'), dataIndex: 'name', width: 100 },
    {
      title: t('staff.gender'),
      dataIndex: 'gender',
      width: 70,
      render: (g: Staff['gender']) => (g ? t(`students.gender.${g}`) : EMPTY),
    },
    { title: t('staff.org'), dataIndex: 'orgName', width: 180 },
    {
      title: t('staff.kind'),
      dataIndex: 'kind',
      width: 90,
      render: (kind: StaffKind) => <Tag color={KIND_COLOR[kind]}>{t(`staff.kind.${kind}`)}</Tag>,
    },
    {
      title: t('staff.title'),
      dataIndex: 'title',
      width: 140,
      render: (title: string | null) => title ?? EMPTY,
    },
    {
      title: t('staff.phone'),
      key: 'phone',
      width: 150,
      render: (_, s) => <PhoneCell person={s} kind="staff" />,
    },
    {
      title: t('staff.account'),
      dataIndex: 'userId',
      width: 100,
      render: (userId: string | null) =>
        userId ? (
          <Tag color="green">{t('staff.hasAccount')}</Tag>
        ) : (
          <span className={styles.muted}>{EMPTY}</span>
        ),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 80,
      render: (status: Staff['status']) => (
        <Tag color={status === 'active' ? 'green' : 'default'}>{t(`staff.status.${status}`)}</Tag>
      ),
    },
    ...(canManage ? [editColumn<Staff>(t, 90, (row) => page.setDialog({ kind: 'edit', row }))] : []),
  ];

  return (
    <ListPage<StaffFilters, Staff>
      page={page}
      searchPlaceholder={t('staff.searchPlaceholder')}
      searchClassName={styles.filterWide}
      exportButton={{
        label: t('staff.export'),
        hint: t('staff.exportHint'),
        run: () => exportStaff(schoolId!, filters),
      }}
      create={{ label: t('staff.create') }}
      columns={columns}
      scroll={{ x: 1150 }}
      empty={{ text: t('staff.empty') }}
      filters={
        <>
          <SchoolOrgSelect
            allowClear
            schoolId={schoolId}
            selectable={STAFF_ORG_KINDS}
            placeholder={t('staff.filterOrg')}
            className={styles.filter}
            value={filters.orgId}
            onChange={(orgId) => filter({ orgId })}
          />
          <Select
            allowClear
            placeholder={t('staff.kind')}
            className={styles.filterNarrow}
            value={filters.kind}
            options={STAFF_KINDS.map((k) => ({ value: k, label: t(`staff.kind.${k}`) }))}
            onChange={(kind) => filter({ kind })}
          />
        </>
      }
      form={
        dialog?.kind === 'edit' ? (
          <StaffFormModal schoolId={dialog.row.schoolId} staff={dialog.row} onClose={page.closeDialog} />
        ) : (
          dialog?.kind === 'create' &&
          schoolId && <StaffFormModal schoolId={schoolId} onClose={page.closeDialog} />
        )
      }
    />
  );
}
