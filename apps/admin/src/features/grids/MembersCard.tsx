import { PlusOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Modal,
  Popconfirm,
  Select,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { queryKeys } from '../../api/keys';
import type { GridDetail } from '../../api/types';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
import { addGridMember, removeGridMember } from './api';
import { MEMBER_POSITIONS, type MemberPosition } from './model';
import { UserSelect } from './UserSelect';

type Member = GridDetail['members'][number];

const POSITION_COLOR: Record<MemberPosition, string> = {
  grid_worker: 'blue',
  building_head: 'cyan',
  dorm_head: 'gold',
  student_cadre: 'purple',
  volunteer: 'green',
};

function useMemberChange(grid: GridDetail) {
  const queryClient = useQueryClient();
  return (updated: GridDetail) => {
    queryClient.setQueryData([...queryKeys.grids, 'detail', grid.id], updated);
    void queryClient.invalidateQueries({ queryKey: queryKeys.grids });
  };
}

interface MemberValues {
  userId: string | null;
  position: MemberPosition;
}

function AddMemberModal({ grid, onClose }: { grid: GridDetail; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const changed = useMemberChange(grid);
  const [form] = Form.useForm<MemberValues>();
  const add = useMutation({
    mutationFn: (v: MemberValues) => addGridMember(grid.id, v.userId!, v.position),
    onSuccess: (updated) => {
      changed(updated);
      void message.success(t('grids.memberAdded'));
      onClose();
    },
  });
  const defaultPosition: MemberPosition =
    grid.level === 'building' ? 'building_head' : grid.level === 'dorm_room' ? 'dorm_head' : 'grid_worker';

  return (
    <Modal
      open
      title={t('grids.memberAddTitle', { name: grid.name })}
      okText={t('grids.memberAdd')}
      cancelText={t('common.cancel')}
      confirmLoading={add.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<MemberValues>
        form={form}
        layout="vertical"
        initialValues={{ userId: null, position: defaultPosition }}
        onFinish={(v) => add.mutate(v)}
        onValuesChange={() => add.reset()}
      >
        <Form.Item
          name="userId"
          label={t('grids.memberUser')}
          rules={[{ required: true, message: t('grids.memberUserRequired') }]}
        >
          <UserSelect exclude={grid.members.map((m) => m.userId)} />
        </Form.Item>
        <Form.Item name="position" label={t('grids.position')} rules={[{ required: true }]}>
          <Select options={MEMBER_POSITIONS.map((p) => ({ value: p, label: t(`grids.position.${p}`) }))} />
        </Form.Item>
        {add.error && <Alert type="error" showIcon title={errorMessage(add.error, t)} />}
      </Form>
    </Modal>
  );
}

/** 网格员, 楼长, 宿舍长… of the grid. */
export function MembersCard({ grid }: { grid: GridDetail }) {
  const t = useT();
  const { message } = App.useApp();
  const changed = useMemberChange(grid);
  const [adding, setAdding] = useState(false);

  const onError = (err: unknown) => void message.error(errorMessage(err, t));
  const setPosition = useMutation({
    mutationFn: (m: { userId: string; position: MemberPosition }) =>
      addGridMember(grid.id, m.userId, m.position),
    onSuccess: (updated) => {
      changed(updated);
      void message.success(t('common.saved'));
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: (userId: string) => removeGridMember(grid.id, userId),
    onSuccess: (updated) => {
      changed(updated);
      void message.success(t('grids.memberRemoved'));
    },
    onError,
  });

  const columns: TableColumnsType<Member> = [
    { title: t('grids.memberName'), dataIndex: 'name', width: 140 },
    {
      title: t('grids.position'),
      dataIndex: 'position',
      width: 150,
      render: (position: MemberPosition, m) =>
        grid.canManage ? (
          <Select<MemberPosition>
            size="small"
            variant="borderless"
            value={position}
            popupMatchSelectWidth={false}
            aria-label={t('grids.position')}
            options={MEMBER_POSITIONS.map((p) => ({ value: p, label: t(`grids.position.${p}`) }))}
            onChange={(next) => setPosition.mutate({ userId: m.userId, position: next })}
          />
        ) : (
          <Tag color={POSITION_COLOR[position]}>{t(`grids.position.${position}`)}</Tag>
        ),
    },
    {
      title: t('grids.phone'),
      dataIndex: 'phone',
      width: 140,
      render: (phone: string | null) => phone ?? EMPTY,
    },
    ...(grid.canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, m: Member) => (
              <Popconfirm
                title={t('grids.memberRemoveConfirm', { name: m.name })}
                okText={t('grids.memberRemove')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={() => remove.mutateAsync(m.userId).catch(() => undefined)}
              >
                <Button type="link" size="small" danger icon={<UserDeleteOutlined />}>
                  {t('grids.memberRemove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={t('grids.membersTitle', { count: grid.members.length })}
      extra={
        grid.canManage && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('grids.memberAdd')}
          </Button>
        )
      }
    >
      <Table<Member>
        rowKey="userId"
        size="small"
        columns={columns}
        dataSource={grid.members}
        pagination={grid.members.length > 10 ? { pageSize: 10, size: 'small' } : false}
        locale={{ emptyText: t('grids.membersNone') }}
        scroll={{ x: 480 }}
      />
      {adding && <AddMemberModal grid={grid} onClose={() => setAdding(false)} />}
    </Card>
  );
}
