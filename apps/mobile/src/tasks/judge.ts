import type { ChecklistItem } from './types';

/**
 * How an answer stands against its checklist item, judged on the phone as the worker answers, so
 * a failing answer shows red at once (and asks for its photo) without the network.
 *
 * A copy of the server's rules (apps/server/src/modules/tasks/tasks.model.ts, judgeItem and the
 * failed list of judgeChecklist): the server judges again when the checklist is sent, and its
 * verdict is the one recorded. Keep the two in step; packages/contracts would be their shared
 * home once the server takes them from there.
 */

/** yes_no: 'yes' | 'no' | 'na'; number: a number; choice: an option key; text and signature: text. */
export type AnswerValue = number | string | null;

export interface Answer {
  code: string;
  value: AnswerValue;
  /** how many photos go with it */
  photos?: number;
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

/** How one answer stands against its item (the server's judgeItem). */
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

/** A whole checklist: each item's verdict, those that cannot be sent, and those that failed. */
export function judgeChecklist(items: readonly ChecklistItem[], answers: readonly Answer[]) {
  const byCode = new Map(answers.map((a) => [a.code, a]));
  const verdicts = items.map((i) => judgeItem(i, byCode.get(i.code)));
  return {
    verdicts,
    invalid: verdicts.filter((v) => v.state === 'invalid'),
    failed: verdicts.filter((v) => v.state === 'fail').map((v) => v.code),
  };
}
