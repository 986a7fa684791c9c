import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Radio, Select, Switch } from 'antd';
import { queryKeys } from '../../api/keys';
import type { Place } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { useT } from '../../i18n/I18nProvider';
import { trimmed } from '../../lib/format';
import {
  childKinds,
  CODE_PATTERN,
  createPlace,
  PLACE_USES,
  updatePlace,
  type PlaceKind,
  type PlaceUse,
  type UpdatePlaceInput,
} from './api';
import styles from './places.module.css';

interface PlaceValues {
  kind: PlaceKind;
  code: string;
  name: string;
  use?: PlaceUse;
  floors?: number | null;
  height?: number | null;
  floor?: number | null;
  capacity?: number | null;
  keyPart: boolean;
  keyReason?: string;
  status: Place['status'];
}

interface PlaceFormModalProps {
  schoolId: string;
  /** the place to edit; without it, a new one is added under `parent` */
  place?: Place;
  /** where a new place goes: null for the campus itself (buildings, gates, areas) */
  parent: Place | null;
  onClose: () => void;
}

/** Add a building, floor, room, gate or area, or change one. Mount only while shown. */
export function PlaceFormModal({ schoolId, place, parent, onClose }: PlaceFormModalProps) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PlaceValues>();
  const kinds = childKinds(parent ? parent.kind : null);
  const kind = Form.useWatch('kind', form) ?? place?.kind ?? kinds[0];
  const keyPart = Form.useWatch('keyPart', form) ?? place?.keyPart ?? false;

  const save = useMutation({
    mutationFn: async (v: PlaceValues) => {
      const keyReason = v.keyPart ? trimmed(v.keyReason) : undefined;
      if (!place)
        return createPlace({
          schoolId,
          parentId: parent?.id,
          kind: v.kind,
          code: v.code.trim(),
          name: v.name.trim(),
          use: v.use,
          floors: v.floors ?? undefined,
          height: v.height ?? undefined,
          floor: v.floor ?? undefined,
          capacity: v.capacity ?? undefined,
          keyPart: v.keyPart,
          keyReason,
        });
      const patch: UpdatePlaceInput = {};
      if (v.code.trim() !== place.code) patch.code = v.code.trim();
      if (v.name.trim() !== place.name) patch.name = v.name.trim();
      if (v.use && v.use !== place.use) patch.use = v.use;
      if (typeof v.floors === 'number' && v.floors !== place.floors) patch.floors = v.floors;
      if (typeof v.height === 'number' && v.height !== place.height) patch.height = v.height;
      if (typeof v.floor === 'number' && v.floor !== place.floor) patch.floor = v.floor;
      if (typeof v.capacity === 'number' && v.capacity !== place.capacity) patch.capacity = v.capacity;
      if (v.keyPart !== place.keyPart) patch.keyPart = v.keyPart;
      if ((keyReason ?? null) !== place.keyReason) patch.keyReason = keyReason ?? null;
      if (v.status !== place.status) patch.status = v.status;
      if (Object.keys(patch).length === 0) return null;
      return updatePlace(place.id, patch);
    },
    onSuccess: (saved) => {
      if (saved) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.places });
        void queryClient.invalidateQueries({ queryKey: queryKeys.map });
        void message.success(t('common.saved'));
      }
      onClose();
    },
  });

  const initialValues: Partial<PlaceValues> = place
    ? {
        kind: place.kind,
        code: place.code,
        name: place.name,
        use: place.use ?? undefined,
        floors: place.floors ?? undefined,
        height: place.height ?? undefined,
        floor: place.floor ?? undefined,
        capacity: place.capacity ?? undefined,
        keyPart: place.keyPart,
        keyReason: place.keyReason ?? undefined,
        status: place.status,
      }
    : {
        kind: kinds[0],
        use: parent?.use ?? undefined,
        floor: parent?.floor ?? undefined,
        keyPart: false,
        status: 'active',
      };

  const title = place
    ? t('places.editTitle', { name: place.name })
    : parent
      ? t('places.createInTitle', { name: parent.name })
      : t('places.createTitle');

  return (
    <FormModal<PlaceValues>
      title={title}
      width={560}
      form={form}
      initialValues={initialValues}
      save={save}
      onClose={onClose}
    >
      {!place && (
        <Form.Item name="kind" label={t('places.kind')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={kinds.map((k) => ({ value: k, label: t(`places.kind.${k}`) }))}
          />
        </Form.Item>
      )}
      <div className={styles.inline}>
        <Form.Item
          name="code"
          label={t('places.code')}
          className={styles.inlineItem}
          extra={t('places.codeHint')}
          rules={[{ required: true, pattern: CODE_PATTERN, message: t('places.codeRule') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('places.name')}
          className={styles.inlineItem}
          rules={[{ required: true, whitespace: true, max: 100, message: t('places.nameRule') }]}
        >
          <Input />
        </Form.Item>
      </div>
      <Form.Item name="use" label={t('places.use')}>
        <Select
          allowClear={!place}
          options={PLACE_USES.map((u) => ({ value: u, label: t(`places.use.${u}`) }))}
        />
      </Form.Item>
      {kind === 'building' && (
        <div className={styles.inline}>
          <Form.Item name="floors" label={t('places.floors')} className={styles.inlineItem}>
            <InputNumber min={1} max={200} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="height" label={t('places.height')} className={styles.inlineItem}>
            <InputNumber min={0} max={1000} style={{ width: '100%' }} />
          </Form.Item>
        </div>
      )}
      {(kind === 'floor' || kind === 'room') && (
        <div className={styles.inline}>
          <Form.Item
            name="floor"
            label={t('places.floor')}
            extra={t('places.floorHint')}
            className={styles.inlineItem}
          >
            <InputNumber min={-10} max={200} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          {kind === 'room' && (
            <Form.Item
              name="capacity"
              label={t('places.capacity')}
              extra={t('places.capacityHint')}
              className={styles.inlineItem}
            >
              <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          )}
        </div>
      )}
      <Form.Item
        name="keyPart"
        label={t('places.keyPart')}
        extra={t('places.keyPartHint')}
        valuePropName="checked"
      >
        <Switch />
      </Form.Item>
      {keyPart && (
        <Form.Item
          name="keyReason"
          label={t('places.keyReason')}
          rules={[{ max: 200, message: t('places.keyReasonRule') }]}
        >
          <Input.TextArea rows={2} placeholder={t('places.keyReasonPlaceholder')} />
        </Form.Item>
      )}
      {place && (
        <Form.Item name="status" label={t('common.status')}>
          <Radio.Group
            options={[
              { value: 'active', label: t('status.active') },
              { value: 'disabled', label: t('status.disabled') },
            ]}
          />
        </Form.Item>
      )}
    </FormModal>
  );
}
