import { changePassword } from '@anxiao/web-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal } from 'antd';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { useLogout } from './useLogout';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

interface ChangePasswordModalProps {
  /** The account must get a new password before anything else: the dialog cannot be dismissed. */
  forced: boolean;
  onClose: () => void;
}

/** Mount only while shown (its form lives and dies with it). */
export function ChangePasswordModal({ forced, onClose }: ChangePasswordModalProps) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const logout = useLogout();
  const [form] = Form.useForm<PasswordValues>();

  const save = useMutation({
    mutationFn: (v: PasswordValues) => changePassword(v.currentPassword, v.newPassword),
    onSuccess: async () => {
      void message.success(t('password.changed'));
      // The server lifts its must-change lock; reads refused under it can now succeed.
      await queryClient.invalidateQueries();
      onClose();
    },
  });

  const footer = [
    forced ? (
      <Button key="logout" onClick={() => void logout()}>
        {t('header.logout')}
      </Button>
    ) : (
      <Button key="cancel" onClick={onClose}>
        {t('common.cancel')}
      </Button>
    ),
    <Button key="ok" type="primary" loading={save.isPending} onClick={() => form.submit()}>
      {t('common.save')}
    </Button>,
  ];

  return (
    <Modal
      open
      title={t('password.title')}
      closable={!forced}
      keyboard={!forced}
      mask={{ closable: !forced }}
      onCancel={onClose}
      footer={footer}
    >
      {forced && <Alert type="warning" showIcon title={t('password.forced')} style={{ marginBottom: 16 }} />}
      <Form<PasswordValues>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        onValuesChange={() => save.reset()}
      >
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('password.currentRequired') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <NewPasswordFields />
        {save.error && <Alert type="error" showIcon title={errorMessage(save.error, t)} />}
      </Form>
    </Modal>
  );
}
