import { Select, Tag, type TableColumnsType } from 'antd';
import { queryKeys } from '../../api/keys';
import type { Student } from '../../api/types';
import { editColumn } from '../../components/editColumn';
import { ListPage } from '../../components/ListPage';
import { useListPage, type FilterSpec } from '../../components/useListPage';
import { useT } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
import { useCan } from '../../session/CurrentUser';
import { exportStudents, GENDERS, listStudents, type StudentFilters, type StudentStatus } from './api';
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

const FILTER_SPEC: FilterSpec<StudentFilters> = {
  q: 'text',
  orgId: 'text',
  within: 'text',
  gender: GENDERS,
  bed: ['assigned', 'none'],
};

export function StudentsPage() {
  const t = useT();
  const page = useListPage<StudentFilters, Student>({
    spec: FILTER_SPEC,
    queryKey: queryKeys.students,
    manage: 'people.manage',
    fetchPage: listStudents,
  });
  const { schoolId, filters, filter, canManage, dialog } = page;
  const canReveal = useCan()('people.sensitive');

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
    ...(canManage ? [editColumn<Student>(t, 80, (row) => page.setDialog({ kind: 'edit', row }))] : []),
  ];

  return (
    <ListPage<StudentFilters, Student>
      page={page}
      searchPlaceholder={t('students.searchPlaceholder')}
      searchClassName={styles.filterWide}
      exportButton={{
        label: t('students.export'),
        hint: t('students.exportHint'),
        run: () => exportStudents(schoolId!, filters),
      }}
      create={{ label: t('students.create') }}
      columns={columns}
      scroll={{ x: 1100 }}
      empty={{ text: t('students.empty') }}
      filters={
        <>
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
        </>
      }
      form={
        dialog?.kind === 'edit' ? (
          <StudentFormModal schoolId={dialog.row.schoolId} student={dialog.row} onClose={page.closeDialog} />
        ) : (
          dialog?.kind === 'create' &&
          schoolId && <StudentFormModal schoolId={schoolId} onClose={page.closeDialog} />
        )
      }
    />
  );
}
