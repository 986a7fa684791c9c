import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { ApiError } from '@anxiao/web-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Switch, Tooltip } from 'antd';
import { queryKeys } from '../../api/keys';
import { RISK_DOMAINS, type RiskDomain } from '../../api/types';
import shared from '../../components/page.module.css';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { addTemplate, updateTemplate } from './api';
import styles from './tasks.module.css';
import {
  ITEM_TYPES,
  TASK_KINDS,
  type ChecklistItem,
  type ItemType,
  type TaskKind,
  type TaskTemplate,
} from './types';

const CODE = /^[A-Za-z0-9_-]{1,40}$/;

/** An item as the form holds it: every field, whatever the type (those that do not apply are dropped). */
interface ItemValues {
  code: string;
  type: ItemType;
  prompt: string;
  required: boolean;
  allowNa?: boolean;
  failOn?: 'yes' | 'no';
  min?: number | null;
  max?: number | null;
  options?: { key: string; label: string; fails?: boolean }[];
  photoOnFail?: boolean;
  points?: number | null;
}

interface Values {
  code: string;
  name: string;
  kind: TaskKind;
  domain?: RiskDomain | null;
  active?: boolean;
  items: ItemValues[];
}

export type EditorMode =
  { kind: 'create' } | { kind: 'copy'; from: TaskTemplate } | { kind: 'edit'; template: TaskTemplate };

const num = (v: number | null | undefined) => (typeof v === 'number' ? v : undefined);

/** The item the server keeps: only the fields its type uses. */
function toItem(v: ItemValues): ChecklistItem {
  const item: ChecklistItem = {
    code: v.code.trim(),
    type: v.type,
    prompt: v.prompt.trim(),
    required: !!v.required,
  };
  const points = num(v.points);
  if (points !== undefined) item.points = points;
  if (v.type === 'yes_no') {
    if (v.allowNa) item.allowNa = true;
    item.failOn = v.failOn ?? 'no';
  }
  if (v.type === 'number') {
    const min = num(v.min);
    const max = num(v.max);
    if (min !== undefined) item.min = min;
    if (max !== undefined) item.max = max;
  }
  if (v.type === 'choice')
    item.options = (v.options ?? []).map((o) => ({
      key: o.key.trim(),
      label: o.label.trim(),
      ...(o.fails ? { fails: true } : {}),
    }));
  if ((v.type === 'yes_no' || v.type === 'number' || v.type === 'choice') && v.photoOnFail)
    item.photoOnFail = true;
  return item;
}

/** A code not yet used by the checklist's items: I1, I2… */
function freeCode(items: readonly { code?: string }[]): string {
  const used = new Set(items.map((i) => i.code));
  let n = items.length + 1;
  while (used.has(`I${n}`)) n++;
  return `I${n}`;
}

function initialValues(mode: EditorMode): Partial<Values> {
  switch (mode.kind) {
    case 'create':
      return {
        kind: 'hazard_inspection',
        domain: null,
        items: [
          {
            code: 'I1',
            type: 'yes_no',
            prompt: '',
            required: true,
            failOn: 'no',
            allowNa: true,
            photoOnFail: true,
          },
        ],
      };
    case 'copy': {
      const f = mode.from;
      return {
        code: `${f.code}-2`.slice(0, 40),
        name: `${f.name}（副本）`.slice(0, 80),
        kind: f.kind,
        domain: f.domain,
        items: f.items,
      };
    }
    case 'edit': {
      const x = mode.template;
      return { code: x.code, name: x.name, kind: x.kind, domain: x.domain, active: x.active, items: x.items };
    }
  }
}

/** One item of the checklist: its type, prompt and the rules its type takes. */
function ItemFields({
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

/**
 * A template with its checklist: a new one, a copy of another (a library checklist made the
 * school's own), or an edit (sent with the version read; tasks not yet done use the new
 * checklist). Each item: its type, prompt, whether required, and what makes it fail — a 是/否
 * answer, a number out of range, a failing option — with photos wanted on failure and points.
 */
export function TemplateEditor({
  schoolId,
  mode,
  onClose,
}: {
  schoolId: string;
  mode: EditorMode;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const editing = mode.kind === 'edit';

  const save = useMutation({
    mutationFn: (v: Values) => {
      const items = v.items.map(toItem);
      if (mode.kind === 'edit')
        return updateTemplate(mode.template.id, {
          version: mode.template.version,
          name: v.name.trim(),
          domain: v.domain ?? null,
          items,
          active: v.active ?? true,
        });
      return addTemplate({
        schoolId,
        code: v.code.trim(),
        name: v.name.trim(),
        kind: v.kind,
        domain: v.domain ?? null,
        items,
      });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.taskConfig });
      void message.success(t('common.saved'));
      onClose();
    },
    onError: (err) => {
      if (editing && err instanceof ApiError && err.status === 409) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.taskConfig });
        void message.warning(t('tasks.editor.changedMeanwhile'), 6);
        onClose();
      }
    },
  });

  const title =
    mode.kind === 'create'
      ? t('tasks.editor.createTitle')
      : mode.kind === 'copy'
        ? t('tasks.editor.copyTitle', { name: mode.from.name })
        : t('tasks.editor.editTitle', { name: mode.template.name });

  return (
    <Modal
      open
      width={920}
      title={title}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      styles={{ body: { maxHeight: '70vh', overflowY: 'auto', paddingRight: 8 } }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues(mode)}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={() => save.reset()}
        data-testid="template-editor"
      >
        <div className={styles.row}>
          <Form.Item
            name="name"
            label={t('tasks.template.name')}
            rules={[
              { required: true, whitespace: true, message: t('tasks.editor.nameRequired') },
              { max: 80 },
            ]}
          >
            <Input style={{ width: 320 }} maxLength={80} />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('tasks.template.code')}
            extra={editing ? t('tasks.editor.codeFixed') : undefined}
            rules={[{ required: true, pattern: CODE, message: t('tasks.editor.codeRule') }]}
          >
            <Input style={{ width: 180 }} maxLength={40} disabled={editing} />
          </Form.Item>
          <Form.Item
            name="kind"
            label={t('tasks.template.kind')}
            extra={editing ? t('tasks.editor.kindFixed') : undefined}
          >
            <Select<TaskKind>
              style={{ width: 160 }}
              disabled={editing}
              options={TASK_KINDS.map((k) => ({ value: k, label: t(`tasks.kind.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="domain" label={t('tasks.template.domain')}>
            <Select<RiskDomain | null>
              style={{ width: 170 }}
              options={[
                { value: null, label: t('tasks.template.noDomain') },
                ...RISK_DOMAINS.map((d) => ({ value: d, label: t(`riskDomain.${d}`) })),
              ]}
            />
          </Form.Item>
          {editing && (
            <Form.Item name="active" label={t('tasks.template.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
        </div>
        <Form.List
          name="items"
          rules={[
            {
              validator: (_, v: ItemValues[] | undefined) => {
                if (!v?.length) return Promise.reject(new Error(t('tasks.editor.itemsRequired')));
                const codes = v.map((i) => i.code?.trim());
                return new Set(codes).size === codes.length
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('tasks.editor.codesUnique')));
              },
            },
          ]}
        >
          {(fields, { add, remove, move }, { errors }) => (
            <>
              {fields.map((f) => (
                <ItemFields key={f.key} index={f.name} count={fields.length} move={move} remove={remove} />
              ))}
              <Form.ErrorList errors={errors} />
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                disabled={fields.length >= 80}
                onClick={() =>
                  add({
                    code: freeCode((form.getFieldValue('items') as ItemValues[] | undefined) ?? []),
                    type: 'yes_no',
                    prompt: '',
                    required: true,
                    failOn: 'no',
                    allowNa: true,
                    photoOnFail: true,
                  })
                }
              >
                {t('tasks.editor.addItem')}
              </Button>
            </>
          )}
        </Form.List>
        {!!save.error && !(editing && save.error instanceof ApiError && save.error.status === 409) && (
          <Alert type="error" showIcon title={errorMessage(save.error, t)} className={shared.section} />
        )}
      </Form>
    </Modal>
  );
}
