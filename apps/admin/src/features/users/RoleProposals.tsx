import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, List, Space, Tag, Typography } from 'antd';
import { queryKeys } from '../../api/keys';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/format';
import { confirmRoleProposal, listRoleProposals, rejectRoleProposal } from './api';

export const proposalsKey = [...queryKeys.users, 'role-proposals'];

/**
 * Pending two-person role grants (a role that sees who filed sealed requests). Shown to the
 * administrators of the school or above: the one who may confirm gets the buttons, the proposer
 * sees it waiting and may withdraw it.
 */
export function RoleProposals() {
  const t = useT();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: proposalsKey, queryFn: listRoleProposals });

  const decide = useMutation({
    mutationFn: ({ id, confirm }: { id: string; confirm: boolean }) =>
      confirm ? confirmRoleProposal(id).then(() => undefined) : rejectRoleProposal(id),
    onSuccess: (_, v) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
      void message.success(v.confirm ? t('users.proposalConfirmed') : t('users.proposalRejected'));
    },
    onError: (err) => void message.error(errorMessage(err, t)),
  });

  const items = list.data?.items ?? [];
  if (items.length === 0) return null;

  const ask = (id: string, confirm: boolean, name: string) =>
    modal.confirm({
      title: confirm ? t('users.proposalConfirmAsk', { name }) : t('users.proposalRejectAsk', { name }),
      okText: confirm ? t('users.proposalConfirm') : t('users.proposalReject'),
      okButtonProps: { danger: !confirm },
      cancelText: t('common.cancel'),
      onOk: () => decide.mutateAsync({ id, confirm }).catch(() => undefined),
    });

  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('users.proposalsTitle', { count: items.length })}
      description={
        <List
          size="small"
          dataSource={items}
          renderItem={(p) => (
            <List.Item
              actions={
                p.canConfirm
                  ? [
                      <Button
                        key="confirm"
                        type="primary"
                        size="small"
                        icon={<CheckOutlined />}
                        onClick={() => ask(p.id, true, p.displayName)}
                      >
                        {t('users.proposalConfirm')}
                      </Button>,
                      <Button
                        key="reject"
                        size="small"
                        danger
                        icon={<CloseOutlined />}
                        onClick={() => ask(p.id, false, p.displayName)}
                      >
                        {t('users.proposalReject')}
                      </Button>,
                    ]
                  : [
                      <Button key="withdraw" size="small" onClick={() => ask(p.id, false, p.displayName)}>
                        {t('users.proposalWithdraw')}
                      </Button>,
                    ]
              }
            >
              <Flex vertical gap={2}>
                <Space wrap>
                  <Typography.Text strong>{p.displayName}</Typography.Text>
                  <Typography.Text type="secondary">{p.username}</Typography.Text>
                  <Tag color="red">
                    {t(`role.${p.role}`)} · {p.orgName}
                  </Tag>
                </Space>
                <Typography.Text type="secondary">
                  {t('users.proposalBy', {
                    name: p.proposedByName,
                    at: formatDateTime(p.proposedAt),
                    until: formatDateTime(p.expiresAt),
                  })}
                  {p.reason ? ` · ${p.reason}` : ''}
                  {!p.canConfirm && ` · ${t('users.proposalWaiting')}`}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      }
    />
  );
}
