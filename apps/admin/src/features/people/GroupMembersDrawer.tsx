import { useQuery } from '@tanstack/react-query';
import { Alert, Drawer, Table, type TableColumnsType } from 'antd';
import { queryKeys } from '../../api/keys';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
import { listGroupMembers, type StudentGroup } from './api';

type Member = Awaited<ReturnType<typeof listGroupMembers>>['items'][number];

/** Who belongs to a student organisation (as far as the user may see students). */
export function GroupMembersDrawer({ group, onClose }: { group: StudentGroup; onClose: () => void }) {
  const t = useT();
  const members = useQuery({
    queryKey: [...queryKeys.studentGroups, 'members', group.id],
    queryFn: () => listGroupMembers(group.id),
  });
  const columns: TableColumnsType<Member> = [
    { title: t('groups.studentNo'), dataIndex: 'studentNo', width: 130 },
    { title: t('groups.studentName'), dataIndex: 'name', width: 100 },
    {
      title: t('groups.className'),
      key: 'class',
      render: (_: unknown, m) => (m.collegeName ? `${m.collegeName} · ${m.className}` : m.className),
    },
    { title: t('groups.role'), dataIndex: 'role', width: 90, render: (r: string | null) => r ?? EMPTY },
  ];
  return (
    <Drawer open width={640} title={t('groups.membersOf', { name: group.name })} onClose={onClose}>
      {members.error && <Alert type="error" showIcon title={errorMessage(members.error, t)} />}
      <Table<Member>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={members.data?.items}
        loading={members.isFetching}
        locale={{ emptyText: t('groups.noMembers') }}
        pagination={{ defaultPageSize: 20, showTotal: (total) => t('common.total', { total }) }}
      />
    </Drawer>
  );
}
