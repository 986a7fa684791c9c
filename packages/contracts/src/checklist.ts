/**
 * Checklist items of grid tasks (网格任务清单) and how an answer is judged against them. One copy for
 * both sides: the phone judges as the worker answers, so a failing answer shows red at once (and asks
 * for its photo) without the network; the server judges again when the checklist is sent, and its
 * verdict is the one recorded (failed items become hazards).
 */

export const ITEM_TYPES = ['yes_no', 'number', 'text', 'choice', 'photo', 'signature'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** One item of a checklist. */
export interface ChecklistItem {
  code: string;
  type: ItemType;
  prompt: string;
  required: boolean;
  /** yes_no: may be answered 不适用 */
  allowNa?: boolean;
  /** yes_no: which answer is the failing one (usually 'no': 灭火器压力正常？否) */
  failOn?: 'yes' | 'no';
  /** number: the acceptable range; outside it the item fails */
  min?: number;
  max?: number;
  /** choice: the options, and which of them fail */
  options?: { key: string; label: string; fails?: boolean }[];
  /** photos required when the item fails (evidence of the finding) */
  photoOnFail?: boolean;
  /** points when passed (optional scoring) */
  points?: number;
}

/** yes_no: 'yes' | 'no' | 'na'; number: a number; choice: an option key; text and signature: text. */
export type AnswerValue = number | string | null;

export interface Answer {
  code: string;
  value: AnswerValue;
  /** how many photos go with it */
  photos?: number;
  note?: string;
}

export type Problem =
  'required' | 'not_applicable_not_allowed' | 'yes_or_no' | 'number' | 'choice' | 'text' | 'photo_required';

export type ItemVerdict =
  | { code: string; state: 'pass' | 'fail' | 'na' | 'unanswered' }
  | { code: string; state: 'invalid'; problem: Problem };

/** Whether the answer itself is the failing one (before any photo is asked for). */
export function isFailing(item: ChecklistItem, value: AnswerValue): boolean {
  switch (item.type) {
    case 'yes_no':
      return (value === 'yes' || value === 'no') && value === (item.failOn ?? 'no');
    case 'number':
      return (
        typeof value === 'number' &&
        Number.isFinite(value) &&
        ((item.min !== undefined && value < item.min) || (item.max !== undefined && value > item.max))
      );
    case 'choice':
      return !!item.options?.find((o) => o.key === value)?.fails;
    case 'text':
    case 'signature':
    case 'photo':
      return false;
  }
}

/** How one answer stands against its item. */
export function judgeItem(item: ChecklistItem, answer: Answer | undefined): ItemVerdict {
  const code = item.code;
  const v = answer?.value ?? null;
  const photos = answer?.photos ?? 0;
  // A photo item is answered by its photos alone.
  if (item.type === 'photo') {
    if (photos >= 1) return { code, state: 'pass' };
    return item.required
      ? { code, state: 'invalid', problem: 'photo_required' }
      : { code, state: 'unanswered' };
  }
  // A signature drawn on the phone is an image (its one photo); the typed name is the fallback.
  if (item.type === 'signature' && photos >= 1 && (v === null || v === '')) return { code, state: 'pass' };
  if (v === null || v === '')
    return item.required ? { code, state: 'invalid', problem: 'required' } : { code, state: 'unanswered' };
  switch (item.type) {
    case 'yes_no':
      if (v === 'na')
        return item.allowNa
          ? { code, state: 'na' }
          : { code, state: 'invalid', problem: 'not_applicable_not_allowed' };
      if (v !== 'yes' && v !== 'no') return { code, state: 'invalid', problem: 'yes_or_no' };
      break;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return { code, state: 'invalid', problem: 'number' };
      break;
    case 'choice':
      if (!item.options?.some((o) => o.key === v)) return { code, state: 'invalid', problem: 'choice' };
      break;
    case 'text':
    case 'signature':
      if (typeof v !== 'string') return { code, state: 'invalid', problem: 'text' };
      break;
  }
  const failed = isFailing(item, v);
  if (failed && item.photoOnFail && photos < 1) return { code, state: 'invalid', problem: 'photo_required' };
  return { code, state: failed ? 'fail' : 'pass' };
}

/**
 * A whole checklist: each item's verdict, those that cannot be sent, answers to no item, those that
 * failed (each a hazard to be), and the score when scored.
 */
export function judgeChecklist(items: readonly ChecklistItem[], answers: readonly Answer[]) {
  const byCode = new Map(answers.map((a) => [a.code, a]));
  const unknown = answers.filter((a) => !items.some((i) => i.code === a.code)).map((a) => a.code);
  const verdicts = items.map((i) => judgeItem(i, byCode.get(i.code)));
  const scored = items.filter((i) => i.points !== undefined);
  const max = scored.reduce((s, i) => s + (i.points ?? 0), 0);
  // Not applicable leaves an item out of the maximum rather than counting against the score.
  const applicableMax = scored.reduce(
    (s, i) => s + (verdicts.find((v) => v.code === i.code)?.state === 'na' ? 0 : (i.points ?? 0)),
    0,
  );
  const score = scored.reduce(
    (s, i) => s + (verdicts.find((v) => v.code === i.code)?.state === 'pass' ? (i.points ?? 0) : 0),
    0,
  );
  return {
    verdicts,
    invalid: verdicts.filter((v) => v.state === 'invalid'),
    unknown,
    failed: verdicts.filter((v) => v.state === 'fail').map((v) => v.code),
    score: max
      ? { score, max: applicableMax, percent: applicableMax ? (100 * score) / applicableMax : null }
      : null,
  };
}
