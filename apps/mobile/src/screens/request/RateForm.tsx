import { api, bodyOf } from '@anxiao/web-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { queryKeys } from '../../api/keys';
import { Icon } from '../../components/Icon';
import { errorMessage, useI18n } from '../../i18n/I18nProvider';
import type { RequestLoc } from '../../requests/useRequests';

const COMMENT_MAX = 500;

function YesNo({
  value,
  onChange,
  yes,
  no,
  testId,
  label,
}: {
  value: boolean | null;
  onChange: (v: boolean) => void;
  yes: string;
  no: string;
  testId: string;
  label: string;
}) {
  return (
    <div className="choices choices-2" role="radiogroup" aria-label={label}>
      <button
        type="button"
        role="radio"
        aria-checked={value === true}
        className="choice"
        data-testid={`${testId}-yes`}
        onClick={() => onChange(true)}
      >
        {yes}
      </button>
      <button
        type="button"
        role="radio"
        aria-checked={value === false}
        className="choice"
        data-testid={`${testId}-no`}
        onClick={() => onChange(false)}
      >
        {no}
      </button>
    </div>
  );
}

/** 回访: the reporter answers; "not solved" reopens the request (重办). */
export function RateForm({ loc, onRated }: { loc: RequestLoc; onRated: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [contacted, setContacted] = useState<boolean | null>(null);
  const [solved, setSolved] = useState<boolean | null>(null);
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [tried, setTried] = useState(false);

  const rate = useMutation({
    mutationFn: (body: { contacted: boolean; solved: boolean; satisfaction: number; comment?: string }) =>
      'id' in loc
        ? bodyOf(api.POST('/api/my/requests/{id}/rating', { params: { path: { id: loc.id } }, body }))
        : bodyOf(
            api.POST('/api/requests/track/{token}/rating', { params: { path: { token: loc.token } }, body }),
          ),
    onSuccess: (tracked) => {
      queryClient.setQueryData(queryKeys.tracked(loc), tracked);
      void queryClient.invalidateQueries({ queryKey: queryKeys.myRequests });
      onRated();
    },
  });

  const complete = contacted !== null && solved !== null && stars > 0;
  const submit = () => {
    setTried(true);
    if (contacted === null || solved === null || stars === 0) return;
    const note = comment.trim();
    rate.mutate({ contacted, solved, satisfaction: stars, ...(note ? { comment: note } : {}) });
  };

  return (
    <section className="card form rate" data-testid="rate-form">
      <h2 className="card-title">{t('rate.title')}</h2>
      <p>{t('rate.intro')}</p>
      <div className="field">
        <span className="field-label">{t('rate.contacted')}</span>
        <YesNo
          value={contacted}
          onChange={setContacted}
          yes={t('rate.yes')}
          no={t('rate.no')}
          testId="rate-contacted"
          label={t('rate.contacted')}
        />
      </div>
      <div className="field">
        <span className="field-label">{t('rate.solved')}</span>
        <YesNo
          value={solved}
          onChange={setSolved}
          yes={t('rate.solvedYes')}
          no={t('rate.solvedNo')}
          testId="rate-solved"
          label={t('rate.solved')}
        />
        {solved === false && <small className="hint">{t('rate.notSolvedHint')}</small>}
      </div>
      <div className="field">
        <span className="field-label">{t('rate.satisfaction')}</span>
        <div className="stars" role="radiogroup" aria-label={t('rate.satisfaction')}>
          {[1, 2, 3, 4, 5].map((n) => (
            <button
              key={n}
              type="button"
              role="radio"
              aria-checked={stars === n}
              aria-label={t('rate.star', { n })}
              className={n <= stars ? 'star on' : 'star'}
              data-testid={`rate-star-${n}`}
              onClick={() => setStars(n)}
            >
              <Icon name="star" size={34} filled={n <= stars} />
            </button>
          ))}
        </div>
        {stars > 0 && <small className="stars-label">{t(`rate.stars.${stars as 1 | 2 | 3 | 4 | 5}`)}</small>}
      </div>
      <label className="field">
        <span className="field-label">{t('rate.comment')}</span>
        <textarea
          value={comment}
          rows={2}
          maxLength={COMMENT_MAX}
          data-testid="rate-comment"
          onChange={(e) => setComment(e.target.value)}
        />
      </label>
      {tried && !complete && (
        <p className="error" role="alert">
          {t('rate.incomplete')}
        </p>
      )}
      {rate.error && (
        <p className="error" role="alert">
          {t('rate.failed', { message: errorMessage(rate.error, t) })}
        </p>
      )}
      <button
        type="button"
        className="button primary"
        data-testid="rate-submit"
        disabled={rate.isPending}
        onClick={submit}
      >
        {rate.isPending ? t('rate.submitting') : t('rate.submit')}
      </button>
    </section>
  );
}
