import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { queryKeys } from '../../api/keys';
import type { Student } from '../../api/types';
import { editColumn } from '../../components/editColumn';
import { ExportButton } from '../../components/ExportButton';
import { ListToolbar } from '../../components/ListToolbar';
import { PagedTable, usePaging } from '../../components/PagedTable';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { useT } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
import { useCan } from '../../session/CurrentUser';
import { exportStudents, GENDERS, listStudents, type StudentFilters, type StudentStatus } from './api';
import { ListEmpty } from '../../components/ListEmpty';
import { NationalIdCell } from './NationalIdCell';
import { PhoneCell } from './PhoneCell';
import styles from './people.module.css';
import { PlaceSelect } from '../../components/PlaceSelect';
import { SchoolOrgSelect } from './SchoolOrgSelect';
import { StudentFormModal } from './StudentFormModal';

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
  const [schoolId, setSchoolId, schools] = useSchool();
  const paging = usePaging<StudentFilters>();
  const { filters, filter } = paging;
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const canManage = can('people.manage');
  const canReveal = can('people.sensitive');

  const list = useQuery({
    queryKey: [...queryKeys.students, 'list', schoolId, filters, paging.page, paging.pageSize],
    queryFn: () => listStudents(schoolId!, filters, paging.page, paging.pageSize),
    enabled: !!schoolId,
    placeholderData: keepPreviousData,
  });

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
      key: 'phone',
      width: 150,
      render: (_, s) => <PhoneCell person={s} kind="student" />,
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
    ...(canManage ? [editColumn<Student>(t, 80, (student) => setDialog({ kind: 'edit', student }))] : []),
  ];

  return (
    <Card>
      <ListToolbar
        resetKey={schoolId}
        actions={
          <>
            <ExportButton
              disabled={!schoolId}
              title={t('students.exportHint')}
              onExport={() => exportStudents(schoolId!, filters)}
            >
              {t('students.export')}
            </ExportButton>
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
      </ListToolbar>

      <PagedTable<Student>
        list={list}
        paging={paging}
        columns={columns}
        scroll={{ x: 1100 }}
        locale={{
          emptyText: (
            <ListEmpty filtered={paging.filtered} emptyText={t('students.empty')} importHint={canManage} />
          ),
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
