import { MutedOutlined, SoundOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { alarmSound, useAlarmSound } from './alarmSound';
import { useAlarmRights } from './rights';

/**
 * The alarm sound in the header: a one-click 启用声音 while the browser keeps it suspended (before
 * any click on a freshly loaded page), otherwise a switch showing whether it is on.
 */
export function AlarmSoundControl() {
  const t = useT();
  const rights = useAlarmRights();
  const sound = useAlarmSound();
  if (!rights.read || sound.context === 'none') return null;
  if (sound.context === 'suspended')
    return (
      <Tooltip title={t('alarm.sound.blocked')}>
        <Button
          danger
          type="primary"
          size="small"
          icon={<SoundOutlined />}
          data-testid="sound-enable"
          onClick={alarmSound.unlock}
        >
          {t('alarm.sound.enable')}
        </Button>
      </Tooltip>
    );
  // On: an icon (the header has little room), the state in its tooltip and for screen readers.
  // Off: said in words, in red, as a console that will not sound must not go unnoticed.
  const state = t(sound.enabled ? 'alarm.sound.on' : 'alarm.sound.off');
  return (
    <Tooltip title={`${state} · ${t(sound.enabled ? 'alarm.sound.turnOff' : 'alarm.sound.turnOn')}`}>
      <Button
        type="text"
        size="small"
        icon={sound.enabled ? <SoundOutlined /> : <MutedOutlined />}
        data-testid="sound-switch"
        data-sound-enabled={sound.enabled ? 'true' : 'false'}
        aria-label={state}
        aria-pressed={sound.enabled}
        danger={!sound.enabled}
        onClick={() => alarmSound.setEnabled(!sound.enabled)}
      >
        {sound.enabled ? null : state}
      </Button>
    </Tooltip>
  );
}
