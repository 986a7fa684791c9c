import { DownloadOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Input, Select, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { queryKeys } from '../../api/keys';
import type { Staff } from '../../api/types';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
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

const DEFAULT_PAGE_SIZE = 20;

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
  const { message } = App.useApp();
  const [schoolId, setSchoolId, schools] = useSchool();
  const [filters, setFilters] = useState<StaffFilters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(DEFAULT_PAGE_SIZE);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [exporting, setExporting] = useState(false);
  const canManage = can('people.manage');

  const list = useQuery({
    queryKey: [...queryKeys.staff, 'list', schoolId, filters, page, pageSize],
    queryFn: () => listStaff(schoolId!, filters, page, pageSize),
    enabled: !!schoolId,
    placeholderData: keepPreviousData,
  });

  const filter = (patch: StaffFilters) => {
    setFilters((current) => ({ ...current, ...patch }));
    setPage(1);
  };
  const filtered = Object.values(filters).some((v) => v !== undefined);

  const download = async () => {
    if (!schoolId) return;
    setExporting(true);
    try {
      await exportStaff(schoolId, filters);
    } catch (err) {
      void message.error(errorMessage(err, t));
    } finally {
      setExporting(false);
    }
  };

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
      dataIndex: 'phone',
      width: 130,
      render: (phone: string | null) => phone ?? EMPTY,
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
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            fixed: 'right' as const,
            render: (_: unknown, staff: Staff) => (
              <Button
                type="link"
                size="small"
                icon={<EditOutlined />}
                onClick={() => setDialog({ kind: 'edit', staff })}
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
        </Flex>
        <Flex wrap gap={8}>
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            disabled={!schoolId}
            title={t('staff.exportHint')}
            onClick={() => void download()}
          >
            {t('staff.export')}
          </Button>
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
        </Flex>
      </Flex>

      {list.error && (
        <Alert type="error" showIcon title={errorMessage(list.error, t)} className={styles.alert} />
      )}

      <Table<Staff>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        scroll={{ x: 1150 }}
        locale={{
          emptyText: <ListEmpty filtered={filtered} emptyText={t('staff.empty')} importHint={canManage} />,
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
