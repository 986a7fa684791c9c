import { api, bodyOf } from '@anxiao/web-core';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../api/keys';
import { Icon } from '../components/Icon';
import type { Position } from '../geo';
import { useI18n } from '../i18n/I18nProvider';

/**
 * 使用我的位置, the place half: once the phone's fix is on the draft, the building, gate or area
 * of the school it stands in (or the nearest, with the distance) is proposed, one tap to take it.
 * The server places the fix on the school's own outlines (the resolver the SOS uses too).
 */
export function MyPlaceProposal({
  position,
  chosenId,
  onChoose,
}: {
  position: Position | null;
  chosenId: string | null;
  onChoose: (place: { id: string; label: string }) => void;
}) {
  const { t } = useI18n();
  const found = useQuery({
    queryKey: queryKeys.myPlace(position?.lon ?? 0, position?.lat ?? 0),
    queryFn: ({ signal }) =>
      bodyOf(
        api.GET('/api/places/locate', {
          params: { query: { lon: position!.lon, lat: position!.lat } },
          signal,
        }),
      ),
    enabled: position !== null,
    staleTime: 5 * 60_000,
  });
  const r = found.data;
  if (!position || !r) return null;
  if (!r.place) return <p className="hint">{t('report.myPlace.none')}</p>;
  if (r.place.id === chosenId) return null;
  const place = r.place;
  return (
    <div className="place-chosen" data-testid="report-my-place">
      <Icon name="pin" size={22} />
      <span className="place-label">
        {r.inside || !r.distance
          ? t('report.myPlace.inside', { place: place.name })
          : t('report.myPlace.near', { place: place.name, meters: Math.round(r.distance) })}
      </span>
      <button
        type="button"
        className="button small"
        data-testid="report-my-place-use"
        onClick={() => onChoose({ id: place.id, label: place.name })}
      >
        {t('report.myPlace.use')}
      </button>
    </div>
  );
}
