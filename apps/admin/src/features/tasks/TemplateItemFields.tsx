import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Form, Input, InputNumber, Select, Switch, Tooltip } from 'antd';
import shared from '../../components/page.module.css';
import { useT } from '../../i18n/I18nProvider';
import { CODE } from './templateValues';
import styles from './tasks.module.css';
import { ITEM_TYPES, type ItemType } from './types';

/** One item of the checklist: its type, prompt and the rules its type takes. */
export function ItemFields({
  index,
  count,
  move,
  remove,
}: {
  index: number;
  count: number;
  move: (from: number, to: number) => void;
  remove: (i: number) => void;
}) {
  const t = useT();
  const type = Form.useWatch<ItemType | undefined>(['items', index, 'type']);
  return (
    <div className={styles.item} data-testid={`template-item-${index}`}>
      <div className={styles.itemHead}>
        <span className={styles.itemNo}>{index + 1}.</span>
        <Form.Item
          name={[index, 'prompt']}
          noStyle
          rules={[
            { required: true, whitespace: true, message: t('tasks.editor.promptRequired') },
            { max: 200 },
          ]}
        >
          <Input placeholder={t('tasks.editor.prompt')} maxLength={200} className={shared.grow} />
        </Form.Item>
        <Tooltip title={t('tasks.editor.up')}>
          <Button
            size="small"
            icon={<ArrowUpOutlined />}
            disabled={index === 0}
            onClick={() => move(index, index - 1)}
          />
        </Tooltip>
        <Tooltip title={t('tasks.editor.down')}>
          <Button
            size="small"
            icon={<ArrowDownOutlined />}
            disabled={index === count - 1}
            onClick={() => move(index, index + 1)}
          />
        </Tooltip>
        <Tooltip title={t('tasks.editor.removeItem')}>
          <Button
            size="small"
            danger
            icon={<DeleteOutlined />}
            disabled={count === 1}
            onClick={() => remove(index)}
          />
        </Tooltip>
      </div>
      <div className={styles.row}>
        <Form.Item
          name={[index, 'code']}
          label={t('tasks.editor.code')}
          rules={[{ required: true, pattern: CODE, message: t('tasks.editor.codeRule') }]}
        >
          <Input style={{ width: 110 }} maxLength={40} />
        </Form.Item>
        <Form.Item name={[index, 'type']} label={t('tasks.editor.type')}>
          <Select<ItemType>
            style={{ width: 120 }}
            options={ITEM_TYPES.map((x) => ({ value: x, label: t(`tasks.itemType.${x}`) }))}
          />
        </Form.Item>
        <Form.Item
          className={styles.switchItem}
          name={[index, 'required']}
          label={t('tasks.editor.required')}
          valuePropName="checked"
        >
          <Switch size="small" />
        </Form.Item>
        {type === 'yes_no' && (
          <>
            <Form.Item name={[index, 'failOn']} label={t('tasks.editor.failOn')}>
              <Select<'yes' | 'no'>
                style={{ width: 110 }}
                options={[
                  { value: 'no', label: t('tasks.answer.no') },
                  { value: 'yes', label: t('tasks.answer.yes') },
                ]}
              />
            </Form.Item>
            <Form.Item
              className={styles.switchItem}
              name={[index, 'allowNa']}
              label={t('tasks.editor.allowNa')}
              valuePropName="checked"
            >
              <Switch size="small" />
            </Form.Item>
          </>
        )}
        {type === 'number' && (
          <>
            <Form.Item name={[index, 'min']} label={t('tasks.editor.min')}>
              <InputNumber<number> style={{ width: 100 }} />
            </Form.Item>
            <Form.Item name={[index, 'max']} label={t('tasks.editor.max')}>
              <InputNumber<number> style={{ width: 100 }} />
            </Form.Item>
          </>
        )}
        {(type === 'yes_no' || type === 'number' || type === 'choice') && (
          <Form.Item
            className={styles.switchItem}
            name={[index, 'photoOnFail']}
            label={t('tasks.editor.photoOnFail')}
            valuePropName="checked"
          >
            <Switch size="small" />
          </Form.Item>
        )}
        <Form.Item name={[index, 'points']} label={t('tasks.editor.points')}>
          <InputNumber<number> min={0} max={100} style={{ width: 90 }} />
        </Form.Item>
      </div>
      {type === 'choice' && (
        <div className={styles.options}>
          <Form.List
            name={[index, 'options']}
            rules={[
              {
                validator: (_, v: unknown[] | undefined) =>
                  v && v.length >= 2
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('tasks.editor.optionsRule'))),
              },
            ]}
          >
            {(fields, { add, remove: removeOption }, { errors }) => (
              <>
                {fields.map((f) => (
                  <div key={f.key} className={styles.row}>
                    <Form.Item
                      name={[f.name, 'key']}
                      rules={[{ required: true, pattern: CODE, message: t('tasks.editor.codeRule') }]}
                    >
                      <Input
                        style={{ width: 100 }}
                        placeholder={t('tasks.editor.optionKey')}
                        maxLength={40}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'label']}
                      rules={[
                        { required: true, whitespace: true, message: t('tasks.editor.optionLabelRequired') },
                      ]}
                    >
                      <Input
                        style={{ width: 220 }}
                        placeholder={t('tasks.editor.optionLabel')}
                        maxLength={60}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'fails']} valuePropName="checked">
                      <Checkbox>{t('tasks.editor.optionFails')}</Checkbox>
                    </Form.Item>
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => removeOption(f.name)}
                      aria-label={t('tasks.editor.removeOption')}
                    />
                  </div>
                ))}
                <Form.ErrorList errors={errors} />
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => add({ key: `O${fields.length + 1}`, label: '' })}
                >
                  {t('tasks.editor.addOption')}
                </Button>
              </>
            )}
          </Form.List>
        </div>
      )}
    </div>
  );
}
