import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Select } from 'antd';
import { queryKeys } from '../../api/keys';
import type { Student } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { useT } from '../../i18n/I18nProvider';
import { trimmed } from '../../lib/format';
import {
  createStudent,
  NUMBER_PATTERN,
  STUDENT_STATUSES,
  updateStudent,
  validNationalId,
  type Gender,
  type StudentStatus,
  type UpdateStudentInput,
} from './api';
import styles from './people.module.css';
import { PlaceSelect } from '../../components/PlaceSelect';
import { GenderField, PhoneField } from './PersonFields';
import { SchoolOrgSelect } from './SchoolOrgSelect';
import { withNote } from '../../lib/words';

interface StudentValues {
  studentNo: string;
  name: string;
  gender?: Gender;
  orgId: string;
  phone?: string;
  nationalId?: string;
  bedPlaceId?: string;
  bedNo?: string;
  status: StudentStatus;
}

const CLASS_ONLY = ['class'] as const;
const ROOM_ONLY = ['room'] as const;

interface StudentFormModalProps {
  schoolId: string;
  /** the student to edit; without it, a new one is added */
  student?: Student;
  onClose: () => void;
}

/** Add a student or change one (class, contact, ID, bed, status). Mount only while shown. */
export function StudentFormModal({ schoolId, student, onClose }: StudentFormModalProps) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<StudentValues>();
  const bedPlaceId = Form.useWatch('bedPlaceId', form);

  const save = useMutation({
    mutationFn: async (v: StudentValues) => {
      const phone = trimmed(v.phone);
      const nationalId = trimmed(v.nationalId)?.toUpperCase();
      const bedNo = v.bedPlaceId ? (trimmed(v.bedNo) ?? null) : null;
      if (!student)
        return createStudent({
          orgId: v.orgId,
          studentNo: v.studentNo.trim(),
          name: v.name.trim(),
          gender: v.gender,
          phone,
          nationalId,
          bedPlaceId: v.bedPlaceId,
          bedNo: bedNo ?? undefined,
        });
      // Only what changed: the audit log then reads as what the clerk did.
      const patch: UpdateStudentInput = {};
      if (v.name.trim() !== student.name) patch.name = v.name.trim();
      if (v.gender && v.gender !== student.gender) patch.gender = v.gender;
      if (v.orgId !== student.orgId) patch.orgId = v.orgId;
      if (phone && phone !== student.phone) patch.phone = phone;
      if (nationalId) patch.nationalId = nationalId;
      if ((v.bedPlaceId ?? null) !== student.bedPlaceId) patch.bedPlaceId = v.bedPlaceId ?? null;
      if (bedNo !== student.bedNo) patch.bedNo = bedNo;
      if (v.status !== student.status) patch.status = v.status;
      if (Object.keys(patch).length === 0) return null;
      return updateStudent(student.id, patch);
    },
    onSuccess: (saved) => {
      if (saved) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.students });
        void message.success(t('common.saved'));
      }
      onClose();
    },
  });

  const initialValues: Partial<StudentValues> = student
    ? {
        studentNo: student.studentNo,
        name: student.name,
        gender: student.gender ?? undefined,
        orgId: student.orgId,
        phone: student.phone ?? undefined,
        bedPlaceId: student.bedPlaceId ?? undefined,
        bedNo: student.bedNo ?? undefined,
        status: student.status,
      }
    : { status: 'enrolled' };

  return (
    <FormModal<StudentValues>
      title={student ? t('students.editTitle', { name: student.name }) : t('students.createTitle')}
      width={600}
      form={form}
      initialValues={initialValues}
      save={save}
      onClose={onClose}
    >
      <Form.Item
        name="studentNo"
        label={t('students.studentNo')}
        extra={student ? t('students.studentNoFixed') : undefined}
        rules={[{ required: true, pattern: NUMBER_PATTERN, message: t('students.studentNoRule') }]}
      >
        <Input disabled={!!student} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('students.name')}
        rules={[{ required: true, whitespace: true, max: 50, message: t('students.nameRule') }]}
      >
        <Input />
      </Form.Item>
      <GenderField label={t('students.gender')} />
      <Form.Item
        name="orgId"
        label={t('students.class')}
        rules={[{ required: true, message: t('students.classRequired') }]}
      >
        <SchoolOrgSelect schoolId={schoolId} selectable={CLASS_ONLY} placeholder={t('students.classPick')} />
      </Form.Item>
      <PhoneField label={t('students.phone')} extra={student?.phone ? t('students.phoneKeep') : undefined} />
      <Form.Item
        name="nationalId"
        label={t('students.nationalId')}
        extra={
          student?.nationalIdMasked
            ? t('students.nationalIdKeep', { masked: student.nationalIdMasked })
            : t('students.nationalIdHint')
        }
        normalize={(v: string) => v.replace(/\s/g, '').toUpperCase()}
        rules={[
          {
            validator: async (_, value: string | undefined) => {
              if (!value) return;
              if (value.length !== 18) throw new Error(t('students.nationalIdLength'));
              if (!validNationalId(value)) throw new Error(t('students.nationalIdInvalid'));
            },
          },
        ]}
      >
        <Input maxLength={18} autoComplete="off" className={styles.mono} />
      </Form.Item>
      <Form.Item label={t('students.dorm')} extra={t('students.dormHint')}>
        <div className={styles.bedRow}>
          <Form.Item name="bedPlaceId" className={styles.bedRoom}>
            <PlaceSelect
              allowClear
              schoolId={schoolId}
              kinds={ROOM_ONLY}
              initialLabel={
                student?.roomCode
                  ? withNote(t, student.roomName ?? student.roomCode, student.roomCode)
                  : undefined
              }
              placeholder={t('students.roomPick')}
            />
          </Form.Item>
          <Form.Item
            name="bedNo"
            className={styles.bedNo}
            rules={[{ max: 10, message: t('students.bedNoRule') }]}
          >
            <Input placeholder={t('students.bedNo')} disabled={!bedPlaceId} />
          </Form.Item>
        </div>
      </Form.Item>
      {student && (
        <Form.Item name="status" label={t('common.status')}>
          <Select options={STUDENT_STATUSES.map((s) => ({ value: s, label: t(`students.status.${s}`) }))} />
        </Form.Item>
      )}
    </FormModal>
  );
}
