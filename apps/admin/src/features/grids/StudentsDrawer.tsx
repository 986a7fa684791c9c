import { Alert, Drawer, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { GridDetail, Student } from '../../api/types';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
import { useGridStudents } from './api';
import styles from './grids.module.css';

/** The students a grid covers (through its classes, colleges or dorm rooms), page by page. */
export function StudentsDrawer({ grid, onClose }: { grid: GridDetail; onClose: () => void }) {
  const t = useT();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useGridStudents(grid.id, page, pageSize);

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
      {list.error && (
        <Alert type="error" showIcon title={errorMessage(list.error, t)} className={styles.formAlert} />
      )}
      <Table<Student>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        scroll={{ x: 720 }}
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
    </Drawer>
  );
}
