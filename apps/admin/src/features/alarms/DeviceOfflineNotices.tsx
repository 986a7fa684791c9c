import type { RealtimeEvent } from '@anxiao/contracts';
import { App } from 'antd';
import { useEffect, useRef } from 'react';
import { useT } from '../../i18n/I18nProvider';
import { useRecentEvents } from '../../realtime/RealtimeProvider';

/**
 * A device that stops sending heartbeats may not ring when pressed: every console watching alarms
 * says so the moment the server notices (an alarm_device.offline event), on whatever page it is,
 * and says so again when it is heard from (alarm_device.online).
 */
export function DeviceOfflineNotices() {
  const t = useT();
  const { notification } = App.useApp();
  const events = useRecentEvents();
  // Events from before this mounted were shown (or missed) elsewhere: only newer ones are told.
  const seen = useRef(events[0]?.seq ?? 0);
  useEffect(() => {
    const fresh = events.filter((e) => e.seq > seen.current);
    if (fresh.length === 0) return;
    seen.current = Math.max(...fresh.map((e) => e.seq));
    for (const e of fresh) {
      if (e.type === 'alarm_device.offline') {
        const { id, name, code } = (e as RealtimeEvent<'alarm_device.offline'>).payload;
        notification.warning({
          key: `device-offline-${id}`,
          title: t('devices.offlineAlert', { name, code }),
          duration: 0,
        });
      } else if (e.type === 'alarm_device.online') {
        // Back: the warning about it gives way to a short note (same key: it replaces it).
        const { id, name, code } = (e as RealtimeEvent<'alarm_device.online'>).payload;
        notification.success({
          key: `device-offline-${id}`,
          title: t('devices.onlineAgain', { name, code }),
          duration: 8,
        });
      }
    }
  }, [events, notification, t]);
  return null;
}
