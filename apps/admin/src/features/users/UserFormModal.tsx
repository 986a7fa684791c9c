import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input } from 'antd';
import { queryKeys } from '../../api/keys';
import type { RoleAssignment, User } from '../../api/types';
import { strongPasswordRules } from '../../components/NewPasswordFields';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { FormModal } from '../../components/FormModal';
import { useT } from '../../i18n/I18nProvider';
import { trimmed } from '../../lib/format';
import { useCurrentUser } from '../../session/CurrentUser';
import { createUser, updateUser } from './api';
import { RoleAssignmentsField } from './RoleAssignmentsField';

interface UserValues {
  username: string;
  displayName: string;
  phone?: string;
  email?: string;
  orgId: string;
  password: string;
  roles: RoleAssignment[];
}

type UserFormInit = Omit<Partial<UserValues>, 'roles'> & { roles?: Partial<RoleAssignment>[] };

const USERNAME_PATTERN = /^[A-Za-z0-9_.@-]{2,64}$/;
const PHONE_PATTERN = /^[0-9+\- ]*$/;

interface UserFormModalProps {
  /** The user to edit; without it, a new account is created. */
  user?: User;
  onClose: () => void;
}

/** Create an account, or edit its contact details. Mount only while shown. */
export function UserFormModal({ user, onClose }: UserFormModalProps) {
  const t = useT();
  const { assignableRoles } = useCurrentUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<UserValues>();

  const save = useMutation({
    mutationFn: (v: UserValues) => {
      const phone = trimmed(v.phone) ?? null;
      const email = trimmed(v.email) ?? null;
      if (user) return updateUser(user.id, { displayName: v.displayName.trim(), phone, email });
      return createUser({
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        phone: phone ?? undefined,
        email: email ?? undefined,
        orgId: v.orgId,
        password: v.password,
        roles: v.roles,
      });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
      void message.success(t('common.saved'));
      onClose();
    },
  });

  const initialValues: UserFormInit = user
    ? { displayName: user.displayName, phone: user.phone ?? undefined, email: user.email ?? undefined }
    : { roles: [{ role: assignableRoles.includes('reporter') ? 'reporter' : assignableRoles[0] }] };

  // Most accounts hold their roles in their home organisation: fill it into rows left blank.
  const fillRoleOrgs = (changed: Partial<UserValues>, all: UserFormInit) => {
    const homeOrg = changed.orgId;
    if (!homeOrg || !all.roles) return;
    form.setFieldValue(
      'roles',
      all.roles.map((row) => (row.orgId ? row : { ...row, orgId: homeOrg })),
    );
  };

  return (
    <FormModal<UserValues>
      title={user ? t('users.editTitle', { name: user.displayName }) : t('users.createTitle')}
      width={640}
      form={form}
      initialValues={initialValues}
      save={save}
      onValuesChange={fillRoleOrgs}
      onClose={onClose}
    >
      {!user && (
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={t('users.usernameRule')}
          rules={[{ required: true, pattern: USERNAME_PATTERN, message: t('users.usernameRule') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
      )}
      <Form.Item
        name="displayName"
        label={t('users.displayName')}
        rules={[{ required: true, whitespace: true, max: 50, message: t('users.displayNameRule') }]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="phone"
        label={t('users.phone')}
        rules={[{ pattern: PHONE_PATTERN, max: 30, message: t('users.phoneRule') }]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="email"
        label={t('users.email')}
        rules={[{ type: 'email', max: 120, message: t('users.emailRule') }]}
      >
        <Input />
      </Form.Item>
      {!user && (
        <>
          <Form.Item
            name="orgId"
            label={t('users.homeOrg')}
            extra={t('users.homeOrgHint')}
            rules={[{ required: true, message: t('users.homeOrgRequired') }]}
          >
            <OrgTreeSelect />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('users.initialPassword')}
            extra={t('users.initialPasswordHint')}
            rules={strongPasswordRules(t)}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item label={t('users.roles')}>
            <RoleAssignmentsField name="roles" />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
