import { useState } from 'react';
import { Icon } from '../../components/Icon';
import { errorMessage, useI18n } from '../../i18n/I18nProvider';
import { ADDRESS_MAX, edit, withPlace, type Draft, type Problem } from '../../requests/draft';
import { MyPlaceProposal } from '../../requests/MyPlaceProposal';
import { locate } from '../../geo';
import { useDebounced, usePlaceSearch } from '../../requests/useRequests';
import { LOCATE_TIMEOUT_MS } from './ReportForm';
import { ProblemText } from './parts';

export function PlaceField({
  draft,
  change,
  problem,
}: {
  draft: Draft;
  change: (rule: (d: Draft, now: number) => Draft) => void;
  problem: Problem | undefined;
}) {
  const { t } = useI18n();
  const [searching, setSearching] = useState(false);
  const [q, setQ] = useState('');
  const query = useDebounced(q, 300);
  const [locating, setLocating] = useState<'idle' | 'busy' | 'failed'>('idle');
  const showSearch = searching || !draft.place;
  const places = usePlaceSearch(showSearch ? query : '');

  const useMyLocation = async () => {
    setLocating('busy');
    const position = await locate(LOCATE_TIMEOUT_MS);
    setLocating(position ? 'idle' : 'failed');
    if (position) change((d, now) => edit(d, { position }, now));
  };

  return (
    <section className="card form-section" data-problem={!!problem}>
      <h2 className="card-title">{t('report.place')}</h2>
      {draft.place && (
        <div className="place-chosen">
          <Icon name="pin" size={22} />
          <span className="place-label">
            {draft.place.label || t('report.qrPlace')}
            {draft.fromQr && <small className="tag">{t('report.qrPlace')}</small>}
          </span>
          {!searching && (
            <button type="button" className="button small" onClick={() => setSearching(true)}>
              {t('report.placeChange')}
            </button>
          )}
        </div>
      )}
      {showSearch && (
        <div className="place-search">
          <label className="search-input">
            <Icon name="search" size={20} />
            <input
              type="search"
              value={q}
              placeholder={t('report.placeSearch')}
              aria-label={t('report.placeSearch')}
              maxLength={40}
              enterKeyHint="search"
              onChange={(e) => setQ(e.target.value)}
            />
          </label>
          {query.trim() && places.isFetching && <p className="hint">{t('report.placeSearching')}</p>}
          {query.trim() && places.error && <p className="error">{errorMessage(places.error, t)}</p>}
          {query.trim() && places.data?.items.length === 0 && <p className="hint">{t('report.placeNone')}</p>}
          {query.trim() && places.data && places.data.items.length > 0 && (
            <ul className="place-results">
              {places.data.items.map((p) => (
                <li key={p.id}>
                  <button
                    type="button"
                    className="place-option"
                    data-testid={`report-place-${p.id}`}
                    onClick={() => {
                      change((d, now) => withPlace(d, { id: p.id, label: p.label }, now));
                      setSearching(false);
                      setQ('');
                    }}
                  >
                    <span>{p.label}</span>
                    <small className="mono">{p.code}</small>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {draft.place && (
            <div className="row-buttons">
              <button type="button" className="button small" onClick={() => setSearching(false)}>
                {t('common.back')}
              </button>
              <button
                type="button"
                className="button small"
                onClick={() => {
                  change((d, now) => withPlace(d, null, now));
                  setSearching(false);
                }}
              >
                {t('report.placeClear')}
              </button>
            </div>
          )}
        </div>
      )}

      <div className="locate">
        {draft.position ? (
          <p className="success locate-state">
            <span>
              {draft.position.accuracy !== null
                ? t('report.located', { meters: draft.position.accuracy })
                : t('report.locatedNoAccuracy')}
            </span>
            <button
              type="button"
              className="link-button"
              onClick={() => change((d, now) => edit(d, { position: null }, now))}
            >
              {t('report.locateClear')}
            </button>
          </p>
        ) : (
          <button
            type="button"
            className="button locate-button"
            data-testid="report-locate"
            disabled={locating === 'busy'}
            onClick={() => void useMyLocation()}
          >
            <Icon name="locate" size={22} />
            {locating === 'busy' ? t('report.locating') : t('report.locate')}
          </button>
        )}
        {locating === 'failed' && !draft.position && <p className="hint">{t('report.locateFailed')}</p>}
        <MyPlaceProposal
          position={draft.position}
          chosenId={draft.place?.id ?? null}
          onChoose={(place) => change((d, now) => withPlace(d, place, now))}
        />
      </div>

      <label className="field">
        <span className="field-label">{t('report.address')}</span>
        <input
          value={draft.address}
          maxLength={ADDRESS_MAX}
          placeholder={t('report.addressPlaceholder')}
          data-testid="report-address"
          onChange={(e) => {
            const address = e.target.value;
            change((d, now) => edit(d, { address }, now));
          }}
        />
        <ProblemText problem={problem} t={t} />
      </label>
    </section>
  );
}

// ── identity ─────────────────────────────────────────────────────────────────────────────────
