import {
  CheckCircleOutlined,
  KeyOutlined,
  SafetyOutlined,
  UnlockOutlined,
  MoreOutlined,
  PlusOutlined,
  StopOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Dropdown,
  Flex,
  Input,
  Select,
  Space,
  Tag,
  type MenuProps,
  type TableColumnsType,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { queryKeys } from '../../api/keys';
import { ROLES, STATUSES, type User } from '../../api/types';
import { EditLink } from '../../components/editColumn';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { ListToolbar } from '../../components/ListToolbar';
import { PagedTable, usePaging } from '../../components/PagedTable';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { EMPTY, formatDateTime } from '../../lib/format';
import { useCan, useCurrentUser } from '../../session/CurrentUser';
import { listUsers, unlockUser, updateUser, type UserFilters } from './api';
import { ProposeRoleModal } from './ProposeRoleModal';
import { ResetPasswordModal } from './ResetPasswordModal';
import { RoleProposals } from './RoleProposals';
import { RolesModal } from './RolesModal';
import { UserFormModal } from './UserFormModal';
import styles from './users.module.css';

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; user: User }
  | { kind: 'roles'; user: User }
  | { kind: 'password'; user: User }
  | { kind: 'propose'; user: User };

export function UsersPage() {
  const t = useT();
  const can = useCan();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const paging = usePaging<UserFilters>();
  const { filters, filter } = paging;
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const canManage = can('user.manage');
  const { proposableRoles } = useCurrentUser();

  const list = useQuery({
    queryKey: [...queryKeys.users, 'list', filters, paging.page, paging.pageSize],
    queryFn: () => listUsers(filters, paging.page, paging.pageSize),
    placeholderData: keepPreviousData,
  });

  const setStatus = useMutation({
    mutationFn: ({ user, status }: { user: User; status: User['status'] }) => updateUser(user.id, { status }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
      void message.success(t('common.saved'));
    },
    onError: (err) => void message.error(errorMessage(err, t)),
  });

  const unlock = useMutation({
    mutationFn: (user: User) => unlockUser(user.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
      void message.success(t('users.unlocked'));
    },
    onError: (err) => void message.error(errorMessage(err, t)),
  });

  const confirmStatus = (user: User) => {
    const disabling = user.status === 'active';
    modal.confirm({
      title: disabling ? t('users.disableConfirm') : t('users.enableConfirm'),
      okText: disabling ? t('users.disable') : t('users.enable'),
      okButtonProps: { danger: disabling },
      cancelText: t('common.cancel'),
      // A failure is already reported by the mutation's onError; the dialog just closes.
      onOk: () =>
        setStatus.mutateAsync({ user, status: disabling ? 'disabled' : 'active' }).catch(() => undefined),
    });
  };

  const moreActions = (user: User): MenuProps['items'] => [
    {
      key: 'password',
      icon: <KeyOutlined />,
      label: t('users.resetPassword'),
      onClick: () => setDialog({ kind: 'password', user }),
    },
    {
      key: 'unlock',
      icon: <UnlockOutlined />,
      label: t('users.unlock'),
      onClick: () => unlock.mutate(user),
    },
    ...(proposableRoles.length
      ? [
          {
            key: 'propose',
            icon: <SafetyOutlined />,
            label: t('users.propose'),
            onClick: () => setDialog({ kind: 'propose', user }),
          },
        ]
      : []),
    {
      key: 'status',
      icon: user.status === 'active' ? <StopOutlined /> : <CheckCircleOutlined />,
      danger: user.status === 'active',
      label: user.status === 'active' ? t('users.disable') : t('users.enable'),
      onClick: () => confirmStatus(user),
    },
  ];

  const columns: TableColumnsType<User> = [
    { title: t('users.username'), dataIndex: 'username', width: 140 },
    { title: t('users.displayName'), dataIndex: 'displayName', width: 120 },
    { title: t('users.homeOrg'), dataIndex: 'orgName', width: 180 },
    {
      title: t('users.roles'),
      key: 'roles',
      width: 280,
      render: (_, user) => (
        <Flex wrap gap={4}>
          {user.memberships.map((m) => (
            <Tag key={`${m.orgId}:${m.role}`} color="blue" className={styles.roleTag}>
              {t(`role.${m.role}`)} · {m.orgName}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: t('users.phone'),
      dataIndex: 'phone',
      width: 130,
      render: (phone: string | null) => phone ?? EMPTY,
    },
    {
      title: t('common.status'),
      key: 'status',
      width: 120,
      render: (_, user) => (
        <Flex wrap gap={4}>
          <Tag color={user.status === 'active' ? 'green' : 'default'}>{t(`status.${user.status}`)}</Tag>
          {user.lockedUntil && dayjs(user.lockedUntil).isAfter(dayjs()) && (
            <Tag color="red">{t('users.locked')}</Tag>
          )}
        </Flex>
      ),
    },
    {
      title: t('users.lastLoginAt'),
      dataIndex: 'lastLoginAt',
      width: 170,
      render: (at: string | null) => formatDateTime(at),
    },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 220,
            fixed: 'right' as const,
            render: (_: unknown, user: User) => (
              <Space size={0}>
                <EditLink onClick={() => setDialog({ kind: 'edit', user })} />
                <Button
                  type="link"
                  size="small"
                  icon={<TeamOutlined />}
                  onClick={() => setDialog({ kind: 'roles', user })}
                >
                  {t('users.assignRoles')}
                </Button>
                <Dropdown menu={{ items: moreActions(user) }} trigger={['click']}>
                  <Button type="link" size="small" aria-label={t('common.more')} icon={<MoreOutlined />} />
                </Dropdown>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card>
      {canManage && <RoleProposals />}
      <ListToolbar
        actions={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
              {t('users.create')}
            </Button>
          )
        }
      >
        <Input.Search
          allowClear
          placeholder={t('users.searchPlaceholder')}
          className={styles.filterWide}
          onSearch={(q) => filter({ q: q.trim() || undefined })}
        />
        <OrgTreeSelect
          allowClear
          placeholder={t('users.filterOrg')}
          style={{ width: 240 }}
          value={filters.orgId}
          onChange={(orgId) => filter({ orgId })}
        />
        <Select
          allowClear
          placeholder={t('users.filterRole')}
          className={styles.filterNarrow}
          value={filters.role}
          options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
          onChange={(role) => filter({ role })}
        />
        <Select
          allowClear
          placeholder={t('users.filterStatus')}
          className={styles.filterNarrow}
          value={filters.status}
          options={STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) }))}
          onChange={(status) => filter({ status })}
        />
      </ListToolbar>

      <PagedTable<User> list={list} paging={paging} columns={columns} scroll={{ x: 1300 }} />

      {dialog?.kind === 'create' && <UserFormModal onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && <UserFormModal user={dialog.user} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'roles' && <RolesModal user={dialog.user} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'propose' && <ProposeRoleModal user={dialog.user} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'password' && (
        <ResetPasswordModal user={dialog.user} onClose={() => setDialog(null)} />
      )}
    </Card>
  );
}
