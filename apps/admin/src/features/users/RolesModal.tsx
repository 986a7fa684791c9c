import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Modal } from 'antd';
import { queryKeys } from '../../api/keys';
import type { RoleAssignment, User } from '../../api/types';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { setUserRoles } from './api';
import { RoleAssignmentsField } from './RoleAssignmentsField';

interface RolesValues {
  roles: RoleAssignment[];
}

/** Replaces the roles a user holds. Mount only while shown. */
export function RolesModal({ user, onClose }: { user: User; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RolesValues>();

  const save = useMutation({
    mutationFn: (v: RolesValues) => setUserRoles(user.id, v.roles),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
      void message.success(t('common.saved'));
      onClose();
    },
  });

  return (
    <Modal
      open
      width={640}
      title={t('users.rolesTitle', { name: user.displayName })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<RolesValues>
        form={form}
        layout="vertical"
        initialValues={{ roles: user.memberships.map(({ orgId, role }) => ({ orgId, role })) }}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={() => save.reset()}
      >
        <RoleAssignmentsField name="roles" />
        {save.error && (
          <Alert type="error" showIcon title={errorMessage(save.error, t)} style={{ marginTop: 16 }} />
        )}
      </Form>
    </Modal>
  );
}
