import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, InputNumber, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { queryKeys } from '../../api/keys';
import type { Equipment } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { useT } from '../../i18n/I18nProvider';
import { trimmed } from '../../lib/format';
import {
  CODE_PATTERN,
  createEquipment,
  EQUIPMENT_KINDS,
  EQUIPMENT_STATUSES,
  PLACE_KINDS,
  updateEquipment,
  type EquipmentKind,
  type EquipmentStatus,
  type UpdateEquipmentInput,
} from './api';
import { PlaceSelect } from '../../components/PlaceSelect';
import styles from './places.module.css';

interface EquipmentValues {
  kind: EquipmentKind;
  code: string;
  name: string;
  model?: string;
  quantity?: number;
  placeId?: string;
  status: EquipmentStatus;
  lastInspectedOn?: Dayjs | null;
  nextInspectionDue?: Dayjs | null;
  notes?: string;
}

const DAY = 'YYYY-MM-DD';

function day(value: Dayjs | null | undefined): string | undefined {
  return value ? value.format(DAY) : undefined;
}

interface EquipmentFormModalProps {
  schoolId: string;
  /** the equipment to edit; without it, a new one is registered */
  equipment?: Equipment;
  onClose: () => void;
}

/** Register safety equipment or change it (status, place, inspection dates). Mount only while shown. */
export function EquipmentFormModal({ schoolId, equipment, onClose }: EquipmentFormModalProps) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EquipmentValues>();

  const save = useMutation({
    mutationFn: async (v: EquipmentValues) => {
      const fields = {
        kind: v.kind,
        code: v.code.trim(),
        name: v.name.trim(),
        model: trimmed(v.model),
        quantity: v.quantity ?? undefined,
        status: v.status,
        lastInspectedOn: day(v.lastInspectedOn),
        nextInspectionDue: day(v.nextInspectionDue),
        notes: trimmed(v.notes),
      };
      if (!equipment) return createEquipment({ schoolId, placeId: v.placeId, ...fields });
      const e = equipment;
      const patch: UpdateEquipmentInput = {};
      if (fields.kind !== e.kind) patch.kind = fields.kind;
      if (fields.code !== e.code) patch.code = fields.code;
      if (fields.name !== e.name) patch.name = fields.name;
      if (fields.model && fields.model !== e.model) patch.model = fields.model;
      if (fields.quantity !== undefined && fields.quantity !== e.quantity) patch.quantity = fields.quantity;
      if (fields.status !== e.status) patch.status = fields.status;
      if (fields.lastInspectedOn && fields.lastInspectedOn !== e.lastInspectedOn)
        patch.lastInspectedOn = fields.lastInspectedOn;
      if (fields.nextInspectionDue && fields.nextInspectionDue !== e.nextInspectionDue)
        patch.nextInspectionDue = fields.nextInspectionDue;
      if (fields.notes && fields.notes !== e.notes) patch.notes = fields.notes;
      if ((v.placeId ?? null) !== e.placeId) patch.placeId = v.placeId ?? null;
      if (Object.keys(patch).length === 0) return null;
      return updateEquipment(e.id, patch);
    },
    onSuccess: (saved) => {
      if (saved) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.equipment });
        void queryClient.invalidateQueries({ queryKey: queryKeys.map });
        void message.success(t('common.saved'));
      }
      onClose();
    },
  });

  const initialValues: Partial<EquipmentValues> = equipment
    ? {
        kind: equipment.kind,
        code: equipment.code,
        name: equipment.name,
        model: equipment.model ?? undefined,
        quantity: equipment.quantity,
        placeId: equipment.placeId ?? undefined,
        status: equipment.status,
        lastInspectedOn: equipment.lastInspectedOn ? dayjs(equipment.lastInspectedOn) : null,
        nextInspectionDue: equipment.nextInspectionDue ? dayjs(equipment.nextInspectionDue) : null,
        notes: equipment.notes ?? undefined,
      }
    : { kind: 'fire_extinguisher', quantity: 1, status: 'normal' };

  return (
    <FormModal<EquipmentValues>
      title={equipment ? t('equipment.editTitle', { name: equipment.name }) : t('equipment.createTitle')}
      width={600}
      form={form}
      initialValues={initialValues}
      save={save}
      onClose={onClose}
    >
      <div className={styles.inline}>
        <Form.Item
          name="kind"
          label={t('equipment.kind')}
          className={styles.inlineItem}
          rules={[{ required: true, message: t('equipment.kindRequired') }]}
        >
          <Select options={EQUIPMENT_KINDS.map((k) => ({ value: k, label: t(`equipment.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="status" label={t('common.status')} className={styles.inlineItem}>
          <Select
            options={EQUIPMENT_STATUSES.map((s) => ({ value: s, label: t(`equipment.status.${s}`) }))}
          />
        </Form.Item>
      </div>
      <div className={styles.inline}>
        <Form.Item
          name="code"
          label={t('equipment.code')}
          className={styles.inlineItem}
          rules={[{ required: true, pattern: CODE_PATTERN, message: t('places.codeRule') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('equipment.name')}
          className={styles.inlineItem}
          rules={[{ required: true, whitespace: true, max: 100, message: t('places.nameRule') }]}
        >
          <Input />
        </Form.Item>
      </div>
      <div className={styles.inline}>
        <Form.Item
          name="model"
          label={t('equipment.model')}
          className={styles.inlineItem}
          rules={[{ max: 100, message: t('equipment.modelRule') }]}
        >
          <Input placeholder={t('equipment.modelPlaceholder')} />
        </Form.Item>
        <Form.Item name="quantity" label={t('equipment.quantity')} className={styles.inlineItem}>
          <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <Form.Item name="placeId" label={t('equipment.place')}>
        <PlaceSelect
          allowClear
          schoolId={schoolId}
          kinds={PLACE_KINDS}
          initialLabel={
            equipment?.placeName
              ? `${equipment.placeName}${equipment.placeCode ? `（${equipment.placeCode}）` : ''}`
              : undefined
          }
          placeholder={t('equipment.placePick')}
        />
      </Form.Item>
      <div className={styles.inline}>
        <Form.Item
          name="lastInspectedOn"
          label={t('equipment.lastInspectedOn')}
          className={styles.inlineItem}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="nextInspectionDue"
          label={t('equipment.nextInspectionDue')}
          className={styles.inlineItem}
          dependencies={['lastInspectedOn']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_, value: Dayjs | null | undefined) => {
                const last = getFieldValue('lastInspectedOn') as Dayjs | null | undefined;
                if (value && last && value.isBefore(last, 'day'))
                  throw new Error(t('equipment.dueBeforeLast'));
              },
            }),
          ]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <Form.Item
        name="notes"
        label={t('equipment.notes')}
        rules={[{ max: 500, message: t('equipment.notesRule') }]}
      >
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  );
}
