import { Alert, Form, Modal, type FormInstance, type FormProps } from 'antd';
import type { ReactNode } from 'react';
import { errorMessage, useT } from '../i18n/I18nProvider';

interface FormModalProps<V> {
  title: ReactNode;
  width?: number;
  form: FormInstance<V>;
  initialValues?: FormProps<V>['initialValues'];
  /** the save (a mutation): the form's values go to it, its error shows under the fields */
  save: { mutate: (values: V) => void; reset: () => void; isPending: boolean; error: unknown };
  /** besides clearing the save's error, which any change does */
  onValuesChange?: FormProps<V>['onValuesChange'];
  onClose: () => void;
  children: ReactNode;
}

/** A dialog holding a form: 保存 submits it, 取消 closes it. Mount only while shown. */
export function FormModal<V>({
  title,
  width,
  form,
  initialValues,
  save,
  onValuesChange,
  onClose,
  children,
}: FormModalProps<V>) {
  const t = useT();
  return (
    <Modal
      open
      width={width}
      title={title}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={(changed, all) => {
          save.reset();
          onValuesChange?.(changed, all);
        }}
      >
        {children}
        {!!save.error && <Alert type="error" showIcon title={errorMessage(save.error, t)} />}
      </Form>
    </Modal>
  );
}
