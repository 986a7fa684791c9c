import { DatePicker, Form, Input, InputNumber, Select, type FormRule } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useT } from '../../i18n/I18nProvider';
import type { CategoryAttribute } from './types';

/** A form's raw answers to a category's questions (dates as dayjs, numbers as numbers). */
export type AttributeAnswers = Record<string, string | string[] | number | Dayjs | null | undefined>;

/** The answers as the server takes them: strings or string lists, empty ones left out. */
export function attributeValues(
  defs: readonly CategoryAttribute[],
  answers: AttributeAnswers | undefined,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const d of defs) {
    const v = answers?.[d.code];
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) out[d.code] = v;
    } else if (dayjs.isDayjs(v)) out[d.code] = v.toISOString();
    else if (typeof v === 'number') out[d.code] = String(v);
    else if (v.trim()) out[d.code] = v.trim();
  }
  return out;
}

/** The extra questions a category asks (Open311 attributes), as form fields under `attributes`. */
export function AttributeFields({ attributes }: { attributes: readonly CategoryAttribute[] }) {
  const t = useT();
  const sorted = [...attributes].sort((a, b) => a.order - b.order);
  return (
    <>
      {sorted.map((d) => {
        const rules: FormRule[] = d.required
          ? [{ required: true, message: t('requests.hotline.attributeRequired', { name: d.description }) }]
          : [];
        const options = (d.values ?? []).map((v) => ({ value: v.key, label: v.name }));
        let control;
        switch (d.datatype) {
          case 'string':
            control = <Input maxLength={500} />;
            break;
          case 'text':
            control = <Input.TextArea rows={2} maxLength={500} />;
            break;
          case 'number':
            control = <InputNumber style={{ width: 200 }} />;
            break;
          case 'datetime':
            control = <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />;
            break;
          case 'singlevaluelist':
            control = <Select options={options} allowClear={!d.required} />;
            break;
          case 'multivaluelist':
            control = <Select mode="multiple" options={options} />;
            break;
        }
        return (
          <Form.Item key={d.code} name={['attributes', d.code]} label={d.description} rules={rules}>
            {control}
          </Form.Item>
        );
      })}
    </>
  );
}
