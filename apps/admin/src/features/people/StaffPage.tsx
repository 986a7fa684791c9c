import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { queryKeys } from '../../api/keys';
import type { Staff } from '../../api/types';
import { editColumn } from '../../components/editColumn';
import { ExportButton } from '../../components/ExportButton';
import { ListToolbar } from '../../components/ListToolbar';
import { PagedTable, usePaging } from '../../components/PagedTable';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { useT } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
import { PhoneCell } from './PhoneCell';
import { useCan } from '../../session/CurrentUser';
import {
  exportStaff,
  listStaff,
  STAFF_KINDS,
  STAFF_ORG_KINDS,
  type StaffFilters,
  type StaffKind,
} from './api';
import { ListEmpty } from '../../components/ListEmpty';
import styles from './people.module.css';
import { SchoolOrgSelect } from './SchoolOrgSelect';
import { StaffFormModal } from './StaffFormModal';

const KIND_COLOR: Record<StaffKind, string> = {
  teacher: 'blue',
  staff: 'cyan',
  guard: 'volcano',
  volunteer: 'green',
};

type Dialog = { kind: 'create' } | { kind: 'edit'; staff: Staff };

export function StaffPage() {
  const t = useT();
  const can = useCan();
  const [schoolId, setSchoolId, schools] = useSchool();
  const paging = usePaging<StaffFilters>();
  const { filters, filter } = paging;
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const canManage = can('people.manage');

  const list = useQuery({
    queryKey: [...queryKeys.staff, 'list', schoolId, filters, paging.page, paging.pageSize],
    queryFn: () => listStaff(schoolId!, filters, paging.page, paging.pageSize),
    enabled: !!schoolId,
    placeholderData: keepPreviousData,
  });

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
    ...(canManage ? [editColumn<Staff>(t, 90, (staff) => setDialog({ kind: 'edit', staff }))] : []),
  ];

  return (
    <Card>
      <ListToolbar
        resetKey={schoolId}
        actions={
          <>
            <ExportButton
              disabled={!schoolId}
              title={t('staff.exportHint')}
              onExport={() => exportStaff(schoolId!, filters)}
            >
              {t('staff.export')}
            </ExportButton>
            {canManage && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                disabled={!schoolId}
                onClick={() => setDialog({ kind: 'create' })}
              >
                {t('staff.create')}
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
          placeholder={t('staff.searchPlaceholder')}
          className={styles.filterWide}
          onSearch={(q) => filter({ q: q.trim() || undefined })}
        />
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
      </ListToolbar>

      <PagedTable<Staff>
        list={list}
        paging={paging}
        columns={columns}
        scroll={{ x: 1150 }}
        locale={{
          emptyText: (
            <ListEmpty filtered={paging.filtered} emptyText={t('staff.empty')} importHint={canManage} />
          ),
        }}
      />

      {dialog?.kind === 'create' && schoolId && (
        <StaffFormModal schoolId={schoolId} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'edit' && (
        <StaffFormModal
          schoolId={dialog.staff.schoolId}
          staff={dialog.staff}
          onClose={() => setDialog(null)}
        />
      )}
    </Card>
  );
}
