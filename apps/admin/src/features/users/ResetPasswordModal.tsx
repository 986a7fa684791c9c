import { useMutation } from '@tanstack/react-query';
import { Alert, App, Form, Modal, Typography } from 'antd';
import type { User } from '../../api/types';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { resetUserPassword } from './api';

interface ResetValues {
  newPassword: string;
  confirm: string;
}

/** An administrator sets a new password; the user must change it at next sign-in. */
export function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<ResetValues>();

  const save = useMutation({
    mutationFn: (v: ResetValues) => resetUserPassword(user.id, v.newPassword),
    onSuccess: () => {
      void message.success(t('users.passwordReset'));
      onClose();
    },
  });

  return (
    <Modal
      open
      title={t('users.resetTitle', { name: user.displayName })}
      okText={t('users.resetPassword')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">{t('users.resetHint')}</Typography.Paragraph>
      <Form<ResetValues>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        onValuesChange={() => save.reset()}
      >
        <NewPasswordFields />
        {save.error && <Alert type="error" showIcon title={errorMessage(save.error, t)} />}
      </Form>
    </Modal>
  );
}
