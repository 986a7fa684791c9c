import { Form, Input } from 'antd';
import type { FormRule } from 'antd';
import { useT, type Translate } from '../i18n/I18nProvider';
import { isStrongPassword } from '../lib/password';

export function strongPasswordRules(t: Translate): FormRule[] {
  return [
    { required: true, message: t('password.newRequired') },
    {
      validator: (_, value: string | undefined) =>
        !value || isStrongPassword(value) ? Promise.resolve() : Promise.reject(new Error(t('password.rule'))),
    },
  ];
}

/** A new password and its confirmation, as fields `newPassword` and `confirm` of the form. */
export function NewPasswordFields() {
  const t = useT();
  return (
    <>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={t('password.rule')}
        rules={strongPasswordRules(t)}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
