import { useMemo } from 'react';
import { useT } from '../i18n/I18nProvider';

/** MapLibre's own control tooltips, translated. */
export function useMapLocale(): Record<string, string> {
  const t = useT();
  return useMemo(
    () => ({
      'NavigationControl.ZoomIn': t('map.ctrl.zoomIn'),
      'NavigationControl.ZoomOut': t('map.ctrl.zoomOut'),
      'NavigationControl.ResetBearing': t('map.ctrl.resetBearing'),
      'Map.Title': t('map.title'),
    }),
    [t],
  );
}
