import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Radio, Select } from 'antd';
import { queryKeys } from '../../api/keys';
import type { Staff } from '../../api/types';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import {
  createStaff,
  GENDERS,
  NUMBER_PATTERN,
  PHONE_PATTERN,
  STAFF_KINDS,
  STAFF_ORG_KINDS,
  STAFF_STATUSES,
  updateStaff,
  type Gender,
  type StaffKind,
  type StaffStatus,
  type UpdateStaffInput,
} from './api';
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

function blank(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
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
      const phone = blank(v.phone);
      const title = blank(v.title);
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
    <Modal
      open
      width={560}
      title={staff ? t('staff.editTitle', { name: staff.name }) : t('staff.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<StaffValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={() => save.reset()}
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
        <Form.Item name="gender" label={t('staff.gender')}>
          <Radio.Group options={GENDERS.map((g) => ({ value: g, label: t(`students.gender.${g}`) }))} />
        </Form.Item>
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
          <SchoolOrgSelect
            schoolId={schoolId}
            selectable={STAFF_ORG_KINDS}
            placeholder={t('staff.orgPick')}
          />
        </Form.Item>
        <Form.Item name="title" label={t('staff.title')} rules={[{ max: 50, message: t('staff.titleRule') }]}>
          <Input placeholder={t('staff.titlePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('staff.phone')}
          rules={[{ pattern: PHONE_PATTERN, message: t('students.phoneRule') }]}
          normalize={(v: string) => v.replace(/\s/g, '')}
        >
          <Input inputMode="tel" maxLength={13} />
        </Form.Item>
        {staff && (
          <Form.Item name="status" label={t('common.status')}>
            <Select options={STAFF_STATUSES.map((s) => ({ value: s, label: t(`staff.status.${s}`) }))} />
          </Form.Item>
        )}
        {save.error && <Alert type="error" showIcon title={errorMessage(save.error, t)} />}
      </Form>
    </Modal>
  );
}
