import { DownloadOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Input, Select, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { queryKeys } from '../../api/keys';
import type { Student } from '../../api/types';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
import { useCan } from '../../session/CurrentUser';
import { exportStudents, GENDERS, listStudents, type StudentFilters, type StudentStatus } from './api';
import { ListEmpty } from '../../components/ListEmpty';
import { NationalIdCell } from './NationalIdCell';
import styles from './people.module.css';
import { PlaceSelect } from '../../components/PlaceSelect';
import { SchoolOrgSelect } from './SchoolOrgSelect';
import { StudentFormModal } from './StudentFormModal';

const DEFAULT_PAGE_SIZE = 20;
const FILTER_ORG_KINDS = ['college', 'class'] as const;
const WITHIN_KINDS = ['building', 'floor', 'room'] as const;

const STATUS_COLOR: Record<StudentStatus, string> = {
  enrolled: 'green',
  suspended: 'orange',
  graduated: 'blue',
  withdrawn: 'default',
};

type Dialog = { kind: 'create' } | { kind: 'edit'; student: Student };

export function StudentsPage() {
  const t = useT();
  const can = useCan();
  const { message } = App.useApp();
  const [schoolId, setSchoolId, schools] = useSchool();
  const [filters, setFilters] = useState<StudentFilters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(DEFAULT_PAGE_SIZE);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [exporting, setExporting] = useState(false);
  const canManage = can('people.manage');
  const canReveal = can('people.sensitive');

  const list = useQuery({
    queryKey: [...queryKeys.students, 'list', schoolId, filters, page, pageSize],
    queryFn: () => listStudents(schoolId!, filters, page, pageSize),
    enabled: !!schoolId,
    placeholderData: keepPreviousData,
  });

  const filter = (patch: StudentFilters) => {
    setFilters((current) => ({ ...current, ...patch }));
    setPage(1);
  };
  const filtered = Object.values(filters).some((v) => v !== undefined);

  const download = async () => {
    if (!schoolId) return;
    setExporting(true);
    try {
      await exportStudents(schoolId, filters);
    } catch (err) {
      void message.error(errorMessage(err, t));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<Student> = [
    { title: t('students.studentNo'), dataIndex: 'studentNo', width: 120, fixed: 'left' },
    { title: t('students.name'), dataIndex: 'name', width: 90 },
    {
      title: t('students.gender'),
      dataIndex: 'gender',
      width: 60,
      render: (g: Student['gender']) => (g ? t(`students.gender.${g}`) : EMPTY),
    },
    {
      title: t('students.class'),
      key: 'class',
      width: 170,
      render: (_, s) => (
        <span>
          {s.className}
          {s.collegeName && <div className={styles.sub}>{s.collegeName}</div>}
        </span>
      ),
    },
    {
      title: t('students.phone'),
      dataIndex: 'phone',
      width: 120,
      render: (phone: string | null) => phone ?? EMPTY,
    },
    {
      title: t('students.nationalId'),
      key: 'nationalId',
      width: 230,
      render: (_, s) => <NationalIdCell student={s} canReveal={canReveal} />,
    },
    {
      title: t('students.dorm'),
      key: 'dorm',
      width: 150,
      render: (_, s) =>
        s.roomCode ? (
          <span>
            {s.roomCode}
            {s.bedNo && ` · ${t('students.bedNoShort', { bed: s.bedNo })}`}
          </span>
        ) : (
          <span className={styles.muted}>{t('students.noBed')}</span>
        ),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 80,
      render: (status: StudentStatus) => (
        <Tag color={STATUS_COLOR[status]}>{t(`students.status.${status}`)}</Tag>
      ),
    },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 80,
            fixed: 'right' as const,
            render: (_: unknown, student: Student) => (
              <Button
                type="link"
                size="small"
                icon={<EditOutlined />}
                onClick={() => setDialog({ kind: 'edit', student })}
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
        {/* Keyed by school: a new school starts with an empty filter bar. */}
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
            placeholder={t('students.searchPlaceholder')}
            className={styles.filterWide}
            onSearch={(q) => filter({ q: q.trim() || undefined })}
          />
          <SchoolOrgSelect
            allowClear
            schoolId={schoolId}
            selectable={FILTER_ORG_KINDS}
            placeholder={t('students.filterOrg')}
            className={styles.filter}
            value={filters.orgId}
            onChange={(orgId) => filter({ orgId })}
          />
          <PlaceSelect
            allowClear
            schoolId={schoolId}
            kinds={WITHIN_KINDS}
            placeholder={t('students.filterWithin')}
            className={styles.filter}
            value={filters.within}
            onChange={(within) => filter({ within })}
          />
          <Select
            allowClear
            placeholder={t('students.gender')}
            className={styles.filterNarrow}
            value={filters.gender}
            options={GENDERS.map((g) => ({ value: g, label: t(`students.gender.${g}`) }))}
            onChange={(gender) => filter({ gender })}
          />
          <Select
            allowClear
            placeholder={t('students.filterBed')}
            className={styles.filterNarrow}
            value={filters.bed}
            options={[
              { value: 'assigned', label: t('students.bed.assigned') },
              { value: 'none', label: t('students.bed.none') },
            ]}
            onChange={(bed) => filter({ bed })}
          />
        </Flex>
        <Flex wrap gap={8}>
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            disabled={!schoolId}
            title={t('students.exportHint')}
            onClick={() => void download()}
          >
            {t('students.export')}
          </Button>
          {canManage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              disabled={!schoolId}
              onClick={() => setDialog({ kind: 'create' })}
            >
              {t('students.create')}
            </Button>
          )}
        </Flex>
      </Flex>

      {list.error && (
        <Alert type="error" showIcon title={errorMessage(list.error, t)} className={styles.alert} />
      )}

      <Table<Student>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        scroll={{ x: 1100 }}
        locale={{
          emptyText: <ListEmpty filtered={filtered} emptyText={t('students.empty')} importHint={canManage} />,
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
        <StudentFormModal schoolId={schoolId} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'edit' && (
        <StudentFormModal
          schoolId={dialog.student.schoolId}
          student={dialog.student}
          onClose={() => setDialog(null)}
        />
      )}
    </Card>
  );
}
