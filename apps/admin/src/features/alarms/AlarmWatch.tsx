import { AlarmBanner } from './AlarmBanner';
import { DeviceOfflineNotices } from './DeviceOfflineNotices';

/** What watches alarms on every page: the ringing banner and the notices of devices gone offline. */
export function AlarmWatch() {
  return (
    <>
      <AlarmBanner />
      <DeviceOfflineNotices />
    </>
  );
}
