import { useId } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import type { Problem } from '../../requests/draft';
import type { Catalogue, Category, CategoryAttribute } from '../../requests/types';
import { categoryName, ProblemText } from './parts';

export function CategoryField({
  catalogue,
  loading,
  error,
  onRetry,
  selected,
  onSelect,
  problem,
}: {
  catalogue: Catalogue | undefined;
  loading: boolean;
  error: string | null;
  onRetry: () => void;
  selected: string | null;
  onSelect: (id: string) => void;
  problem: Problem | undefined;
}) {
  const { t, lang } = useI18n();
  const categories = catalogue?.categories ?? [];
  const groups: { name: string; items: Category[] }[] = [];
  for (const c of categories) {
    const group = groups.find((g) => g.name === c.groupName);
    if (group) group.items.push(c);
    else groups.push({ name: c.groupName, items: [c] });
  }
  const current = categories.find((c) => c.id === selected);

  return (
    <section className="card form-section" data-problem={!!problem}>
      <h2 className="card-title">
        {t('report.category')} <span className="required">*</span>
      </h2>
      {loading && <p className="hint">{t('report.catalogueLoading')}</p>}
      {error && (
        <div className="inline-error">
          <p className="error">{t('report.catalogueError', { message: error })}</p>
          <button type="button" className="button" onClick={onRetry}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {catalogue && categories.length === 0 && <p className="notice">{t('report.catalogueEmpty')}</p>}
      {groups.map((g) => (
        <div key={g.name} className="category-group" role="radiogroup" aria-label={g.name}>
          <h3 className="group-name">{g.name}</h3>
          <div className="choices choices-2">
            {g.items.map((c) => (
              <button
                key={c.id}
                type="button"
                role="radio"
                aria-checked={c.id === selected}
                className="choice"
                data-testid={`report-category-${c.code}`}
                onClick={() => onSelect(c.id)}
              >
                {categoryName(c, lang)}
              </button>
            ))}
          </div>
        </div>
      ))}
      {current?.description && (
        <p className="category-description" data-testid="report-category-description">
          {current.description}
        </p>
      )}
      {problem && <span className="field-error">{t('report.problem.category')}</span>}
    </section>
  );
}

// ── a category's questions ───────────────────────────────────────────────────────────────────

export function QuestionField({
  question: q,
  value,
  problem,
  onSet,
  onToggle,
}: {
  question: CategoryAttribute;
  value: string | string[] | undefined;
  problem: Problem | undefined;
  onSet: (value: string) => void;
  onToggle: (key: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const label = (
    <span className="field-label" id={id}>
      {q.description}
      {q.required ? (
        <>
          {' '}
          <span className="required">*</span>
        </>
      ) : null}
    </span>
  );
  const one = Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  const many = Array.isArray(value) ? value : value ? [value] : [];
  const values = q.values ?? [];
  const isList = q.datatype === 'singlevaluelist' || q.datatype === 'multivaluelist';

  let control;
  if (q.datatype === 'singlevaluelist' && values.length > 8) {
    control = (
      <select aria-labelledby={id} value={one} onChange={(e) => onSet(e.target.value)}>
        <option value="">{t('report.choose')}</option>
        {values.map((v) => (
          <option key={v.key} value={v.key}>
            {v.name}
          </option>
        ))}
      </select>
    );
  } else if (isList) {
    const multi = q.datatype === 'multivaluelist';
    control = (
      <div className="choices choices-wrap" role={multi ? 'group' : 'radiogroup'} aria-labelledby={id}>
        {values.map((v) => {
          const on = multi ? many.includes(v.key) : one === v.key;
          return (
            <button
              key={v.key}
              type="button"
              role={multi ? 'checkbox' : 'radio'}
              aria-checked={on}
              className={multi ? 'choice choice-check' : 'choice'}
              data-testid={`attr-${q.code}-${v.key}`}
              onClick={() => (multi ? onToggle(v.key) : onSet(on && !q.required ? '' : v.key))}
            >
              {v.name}
            </button>
          );
        })}
      </div>
    );
  } else if (q.datatype === 'text') {
    control = (
      <textarea
        aria-labelledby={id}
        rows={3}
        maxLength={500}
        value={one}
        data-testid={`attr-${q.code}`}
        onChange={(e) => onSet(e.target.value)}
      />
    );
  } else {
    control = (
      <input
        aria-labelledby={id}
        type={q.datatype === 'datetime' ? 'datetime-local' : 'text'}
        inputMode={q.datatype === 'number' ? 'decimal' : undefined}
        maxLength={500}
        value={one}
        data-testid={`attr-${q.code}`}
        onChange={(e) => onSet(e.target.value)}
      />
    );
  }

  return (
    <div className="field" data-problem={!!problem}>
      {label}
      {control}
      <ProblemText problem={problem} t={t} choose={isList} />
    </div>
  );
}

// ── photos ───────────────────────────────────────────────────────────────────────────────────
