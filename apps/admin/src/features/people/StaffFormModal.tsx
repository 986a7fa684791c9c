import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Radio, Select } from 'antd';
import { queryKeys } from '../../api/keys';
import type { Staff } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { useT } from '../../i18n/I18nProvider';
import { trimmed } from '../../lib/format';
import {
  createStaff,
  NUMBER_PATTERN,
  STAFF_KINDS,
  STAFF_ORG_KINDS,
  STAFF_STATUSES,
  updateStaff,
  type Gender,
  type StaffKind,
  type StaffStatus,
  type UpdateStaffInput,
} from './api';
import { GenderField, PhoneField } from './PersonFields';
import { SchoolOrgSelect } from './SchoolOrgSelect';

interface StaffValues {
  staffNo: string;
  name: string;
  gender?: Gender;
  orgId: string;
  kind: StaffKind;
  title?: string;
  phone?: string;
  status: StaffStatus;
}

interface StaffFormModalProps {
  schoolId: string;
  /** the staff member to edit; without it, a new one is added */
  staff?: Staff;
  onClose: () => void;
}

/** Add a teacher, staff member, guard or volunteer, or change one. Mount only while shown. */
export function StaffFormModal({ schoolId, staff, onClose }: StaffFormModalProps) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<StaffValues>();

  const save = useMutation({
    mutationFn: async (v: StaffValues) => {
      const phone = trimmed(v.phone);
      const title = trimmed(v.title);
      if (!staff)
        return createStaff({
          orgId: v.orgId,
          staffNo: v.staffNo.trim(),
          name: v.name.trim(),
          gender: v.gender,
          kind: v.kind,
          title,
          phone,
        });
      const patch: UpdateStaffInput = {};
      if (v.name.trim() !== staff.name) patch.name = v.name.trim();
      if (v.gender && v.gender !== staff.gender) patch.gender = v.gender;
      if (v.orgId !== staff.orgId) patch.orgId = v.orgId;
      if (v.kind !== staff.kind) patch.kind = v.kind;
      if (title && title !== staff.title) patch.title = title;
      if (phone && phone !== staff.phone) patch.phone = phone;
      if (v.status !== staff.status) patch.status = v.status;
      if (Object.keys(patch).length === 0) return null;
      return updateStaff(staff.id, patch);
    },
    onSuccess: (saved) => {
      if (saved) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.staff });
        void message.success(t('common.saved'));
      }
      onClose();
    },
  });

  const initialValues: Partial<StaffValues> = staff
    ? {
        staffNo: staff.staffNo,
        name: staff.name,
        gender: staff.gender ?? undefined,
        orgId: staff.orgId,
        kind: staff.kind,
        title: staff.title ?? undefined,
        phone: staff.phone ?? undefined,
        status: staff.status,
      }
    : { kind: 'teacher', status: 'active' };

  return (
    <FormModal<StaffValues>
      title={staff ? t('staff.editTitle', { name: staff.name }) : t('staff.createTitle')}
      width={560}
      form={form}
      initialValues={initialValues}
      save={save}
      onClose={onClose}
    >
      <Form.Item
        name="staffNo"
        label={t('staff.staffNo')}
        extra={staff ? t('staff.staffNoFixed') : undefined}
        rules={[{ required: true, pattern: NUMBER_PATTERN, message: t('staff.staffNoRule') }]}
      >
        <Input disabled={!!staff} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('staff.name')}
        rules={[{ required: true, whitespace: true, max: 50, message: t('staff.nameRule') }]}
      >
        <Input />
      </Form.Item>
      <GenderField label={t('staff.gender')} />
      <Form.Item
        name="kind"
        label={t('staff.kind')}
        rules={[{ required: true, message: t('staff.kindRequired') }]}
      >
        <Radio.Group
          optionType="button"
          options={STAFF_KINDS.map((k) => ({ value: k, label: t(`staff.kind.${k}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="orgId"
        label={t('staff.org')}
        rules={[{ required: true, message: t('staff.orgRequired') }]}
      >
        <SchoolOrgSelect schoolId={schoolId} selectable={STAFF_ORG_KINDS} placeholder={t('staff.orgPick')} />
      </Form.Item>
      <Form.Item name="title" label={t('staff.title')} rules={[{ max: 50, message: t('staff.titleRule') }]}>
        <Input placeholder={t('staff.titlePlaceholder')} />
      </Form.Item>
      <PhoneField label={t('staff.phone')} />
      {staff && (
        <Form.Item name="status" label={t('common.status')}>
          <Select options={STAFF_STATUSES.map((s) => ({ value: s, label: t(`staff.status.${s}`) }))} />
        </Form.Item>
      )}
    </FormModal>
  );
}
