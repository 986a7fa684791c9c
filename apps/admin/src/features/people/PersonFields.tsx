import { Form, Input, Radio } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../../i18n/I18nProvider';
import { GENDERS, PHONE_PATTERN } from './api';

/** 性别 of a student or a staff member. */
export function GenderField({ label }: { label: string }) {
  const t = useT();
  return (
    <Form.Item name="gender" label={label}>
      <Radio.Group options={GENDERS.map((g) => ({ value: g, label: t(`students.gender.${g}`) }))} />
    </Form.Item>
  );
}

/** 手机号 of a student or a staff member: a mobile or landline number, spaces dropped as typed. */
export function PhoneField({ label, extra }: { label: string; extra?: ReactNode }) {
  const t = useT();
  return (
    <Form.Item
      name="phone"
      label={label}
      extra={extra}
      rules={[{ pattern: PHONE_PATTERN, message: t('students.phoneRule') }]}
      normalize={(v: string) => v.replace(/\s/g, '')}
    >
      <Input inputMode="tel" maxLength={13} />
    </Form.Item>
  );
}
