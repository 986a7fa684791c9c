import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, InputNumber, Typography } from 'antd';
import { FormModal } from '../../components/FormModal';
import { useT } from '../../i18n/I18nProvider';
import { saveSettings } from './api';
import { settingsKey } from './hooks';
import { GRADES, type HazardSettings, type SettingsInput } from './types';

/**
 * 整改时限: the days each grade may take (for hazards found from now on) and the grace days after
 * a deadline before an open hazard is flagged 挂牌督办 (重大 ones always are).
 */
export function SettingsModal({ settings, onClose }: { settings: HazardSettings; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SettingsInput>();
  const save = useMutation({
    mutationFn: (input: SettingsInput) => saveSettings(settings.schoolId, input),
    onSuccess: (saved) => {
      queryClient.setQueryData(settingsKey(settings.schoolId), saved);
      void message.success(t('common.saved'));
      onClose();
    },
  });
  return (
    <FormModal<SettingsInput>
      title={t('hazards.settings.title')}
      form={form}
      initialValues={{ deadlines: settings.deadlines, graceDays: settings.graceDays }}
      save={save}
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary">{t('hazards.settings.hint')}</Typography.Paragraph>
      {GRADES.map((g) => (
        <Form.Item
          key={g}
          name={['deadlines', g]}
          label={t('hazards.settings.days', { grade: t(`hazards.grade.${g}`) })}
          rules={[{ required: true, message: t('hazards.settings.daysRequired') }]}
        >
          <InputNumber<number>
            min={1}
            max={365}
            precision={0}
            suffix={t('hazards.settings.dayUnit')}
            style={{ width: 160 }}
            data-testid={`hazard-settings-${g}`}
          />
        </Form.Item>
      ))}
      <Form.Item
        name="graceDays"
        label={t('hazards.settings.grace')}
        extra={t('hazards.settings.graceHint')}
        rules={[{ required: true, message: t('hazards.settings.daysRequired') }]}
      >
        <InputNumber<number>
          min={0}
          max={90}
          precision={0}
          suffix={t('hazards.settings.dayUnit')}
          style={{ width: 160 }}
          data-testid="hazard-settings-grace"
        />
      </Form.Item>
    </FormModal>
  );
}
