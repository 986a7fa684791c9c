import { Drawer, type TableColumnsType } from 'antd';
import type { GridDetail, Student } from '../../api/types';
import { PagedTable, usePaging } from '../../components/PagedTable';
import { useT } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
import { useGridStudents } from './api';
import styles from './grids.module.css';

/** The students a grid covers (through its classes, colleges or dorm rooms), page by page. */
export function StudentsDrawer({ grid, onClose }: { grid: GridDetail; onClose: () => void }) {
  const t = useT();
  const paging = usePaging();
  const list = useGridStudents(grid.id, paging.page, paging.pageSize);

  const columns: TableColumnsType<Student> = [
    { title: t('grids.studentNo'), dataIndex: 'studentNo', width: 130 },
    { title: t('grids.studentName'), dataIndex: 'name', width: 100 },
    {
      title: t('grids.studentClass'),
      key: 'class',
      width: 220,
      render: (_, s) => (s.collegeName ? `${s.collegeName} / ${s.className}` : s.className),
    },
    {
      title: t('grids.studentBed'),
      key: 'bed',
      width: 180,
      render: (_, s) => {
        const room = s.roomCode ?? s.roomName;
        if (!room) return t('grids.studentNoBed');
        return s.bedNo ? t('grids.studentBedValue', { room, bed: s.bedNo }) : room;
      },
    },
    { title: t('grids.phone'), dataIndex: 'phone', width: 130, render: (p: string | null) => p ?? EMPTY },
  ];

  return (
    <Drawer open size={760} title={t('grids.studentsTitle', { name: grid.name })} onClose={onClose}>
      <PagedTable<Student>
        list={list}
        paging={paging}
        alertClassName={styles.formAlert}
        size="small"
        columns={columns}
        scroll={{ x: 720 }}
      />
    </Drawer>
  );
}
