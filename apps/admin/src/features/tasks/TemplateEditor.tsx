import { PlusOutlined } from '@ant-design/icons';
import { ApiError } from '@anxiao/web-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Select, Switch } from 'antd';
import { queryKeys } from '../../api/keys';
import { RISK_DOMAINS, type RiskDomain } from '../../api/types';
import shared from '../../components/page.module.css';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { addTemplate, updateTemplate } from './api';
import { ItemFields } from './TemplateItemFields';
import {
  CODE,
  freeCode,
  initialValues,
  toItem,
  type EditorMode,
  type ItemValues,
  type Values,
} from './templateValues';
import styles from './tasks.module.css';
import { TASK_KINDS, type TaskKind } from './types';

export type { EditorMode } from './templateValues';

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
