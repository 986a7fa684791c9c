import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Select, Typography } from 'antd';
import { queryKeys } from '../../api/keys';
import type { Role, User } from '../../api/types';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { useCurrentUser } from '../../session/CurrentUser';
import { proposeRole } from './api';

interface ProposeValues {
  orgId: string;
  role: Role;
  reason?: string;
}

/** Proposes a role that needs a second administrator to confirm. Mount only while shown. */
export function ProposeRoleModal({ user, onClose }: { user: User; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { proposableRoles } = useCurrentUser();
  const [form] = Form.useForm<ProposeValues>();

  const save = useMutation({
    mutationFn: (v: ProposeValues) =>
      proposeRole(user.id, { orgId: v.orgId, role: v.role, ...(v.reason ? { reason: v.reason } : {}) }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
      void message.success(t('users.proposalSent'));
      onClose();
    },
  });

  return (
    <Modal
      open
      title={t('users.proposeTitle', { name: user.displayName })}
      okText={t('users.propose')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">{t('users.proposeHint')}</Typography.Paragraph>
      <Form<ProposeValues>
        form={form}
        layout="vertical"
        initialValues={{ orgId: user.orgId, role: proposableRoles[0] }}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={() => save.reset()}
      >
        <Form.Item
          name="orgId"
          label={t('users.roleOrg')}
          rules={[{ required: true, message: t('users.roleOrgRequired') }]}
        >
          <OrgTreeSelect placeholder={t('users.roleOrg')} />
        </Form.Item>
        <Form.Item
          name="role"
          label={t('users.role')}
          rules={[{ required: true, message: t('users.roleRequired') }]}
        >
          <Select options={proposableRoles.map((role) => ({ value: role, label: t(`role.${role}`) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('users.proposeReason')}>
          <Input.TextArea maxLength={200} showCount autoSize={{ minRows: 2 }} />
        </Form.Item>
        {save.error && <Alert type="error" showIcon title={errorMessage(save.error, t)} />}
      </Form>
    </Modal>
  );
}
