import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Select } from 'antd';
import { queryKeys } from '../../api/keys';
import {
  ORG_KINDS,
  SCHOOL_TYPES,
  STATUSES,
  type Org,
  type OrgKind,
  type SchoolType,
  type Status,
} from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { useT } from '../../i18n/I18nProvider';
import { trimmed } from '../../lib/format';
import { createOrg, updateOrg } from './api';

export type OrgFormTarget = { mode: 'create'; parent: Org } | { mode: 'edit'; org: Org };

interface OrgValues {
  kind: OrgKind;
  schoolType?: SchoolType;
  name: string;
  code: string;
  address?: string;
  phone?: string;
  /** a school's security duty number, on the SOS page (issue 14) */
  dutyPhone?: string;
  sort?: number;
  status?: Status;
}

/** A likely kind for a new child, to save a click in the common case. */
const CHILD_KIND: Partial<Record<OrgKind, OrgKind>> = {
  region: 'school',
  school: 'campus',
  campus: 'college',
  college: 'class',
  department: 'department',
};

const CODE_PATTERN = /^[A-Za-z0-9_.-]{2,40}$/;

interface OrgFormModalProps {
  target: OrgFormTarget;
  onClose: () => void;
  onSaved: (org: Org) => void;
}

/** Mount only while shown (its form lives and dies with it). */
export function OrgFormModal({ target, onClose, onSaved }: OrgFormModalProps) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<OrgValues>();
  const kind = Form.useWatch('kind', form);

  const initialValues: Partial<OrgValues> =
    target.mode === 'create'
      ? { kind: CHILD_KIND[target.parent.kind] ?? target.parent.kind, sort: 0 }
      : {
          kind: target.org.kind,
          schoolType: target.org.schoolType ?? undefined,
          name: target.org.name,
          code: target.org.code,
          address: target.org.address ?? undefined,
          phone: target.org.phone ?? undefined,
          dutyPhone: target.org.dutyPhone ?? undefined,
          sort: target.org.sort,
          status: target.org.status,
        };

  const save = useMutation({
    mutationFn: (v: OrgValues) => {
      const schoolType = v.kind === 'school' ? v.schoolType : undefined;
      if (target.mode === 'create') {
        return createOrg({
          parentId: target.parent.id,
          kind: v.kind,
          name: v.name.trim(),
          code: v.code.trim(),
          schoolType,
          address: trimmed(v.address),
          phone: trimmed(v.phone),
          sort: v.sort,
        });
      }
      return updateOrg(target.org.id, {
        name: v.name.trim(),
        code: v.code.trim(),
        schoolType: schoolType ?? null,
        address: trimmed(v.address) ?? null,
        phone: trimmed(v.phone) ?? null,
        ...(v.kind === 'school' ? { dutyPhone: trimmed(v.dutyPhone) ?? null } : {}),
        sort: v.sort,
        status: v.status,
      });
    },
    onSuccess: (org) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.orgs });
      void message.success(t('common.saved'));
      onSaved(org);
    },
  });

  const title =
    target.mode === 'create'
      ? t('orgs.createChildOf', { name: target.parent.name })
      : t('orgs.editTitle', { name: target.org.name });

  return (
    <FormModal<OrgValues>
      title={title}
      form={form}
      initialValues={initialValues}
      save={save}
      onClose={onClose}
    >
      <Form.Item
        name="kind"
        label={t('orgs.kind')}
        rules={[{ required: true, message: t('orgs.kindRequired') }]}
      >
        <Select
          disabled={target.mode === 'edit'}
          options={ORG_KINDS.map((k) => ({ value: k, label: t(`orgKind.${k}`) }))}
        />
      </Form.Item>
      {kind === 'school' && (
        <Form.Item name="schoolType" label={t('orgs.schoolType')}>
          <Select allowClear options={SCHOOL_TYPES.map((s) => ({ value: s, label: t(`schoolType.${s}`) }))} />
        </Form.Item>
      )}
      <Form.Item
        name="name"
        label={t('orgs.name')}
        rules={[{ required: true, whitespace: true, max: 100, message: t('orgs.nameRule') }]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="code"
        label={t('orgs.code')}
        extra={t('orgs.codeRule')}
        rules={[{ required: true, pattern: CODE_PATTERN, message: t('orgs.codeRule') }]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="address" label={t('orgs.address')} rules={[{ max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="phone" label={t('orgs.phone')} rules={[{ max: 40 }]}>
        <Input />
      </Form.Item>
      {kind === 'school' && target.mode === 'edit' && (
        <Form.Item
          name="dutyPhone"
          label={t('orgs.dutyPhone')}
          extra={t('orgs.dutyPhoneHint')}
          rules={[{ max: 40, pattern: /^[0-9+\-() ]*$/ }]}
        >
          <Input inputMode="tel" />
        </Form.Item>
      )}
      <Form.Item name="sort" label={t('orgs.sort')} extra={t('orgs.sortHint')}>
        <InputNumber min={0} max={100000} precision={0} />
      </Form.Item>
      {target.mode === 'edit' && (
        <Form.Item name="status" label={t('common.status')}>
          <Select options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
        </Form.Item>
      )}
    </FormModal>
  );
}
