import { Badge, type BadgeProps } from 'antd';
import { useT } from '../i18n/I18nProvider';
import type { ConnectionStatus } from '../realtime/RealtimeClient';
import { useConnectionStatus } from '../realtime/RealtimeProvider';

const BADGE: Record<ConnectionStatus, BadgeProps['status']> = {
  connecting: 'processing',
  connected: 'success',
  reconnecting: 'warning',
};

/** Tells operators whether live updates are arriving. */
export function ConnectionIndicator() {
  const t = useT();
  const status = useConnectionStatus();
  return <Badge status={BADGE[status]} text={t(`realtime.${status}`)} />;
}
