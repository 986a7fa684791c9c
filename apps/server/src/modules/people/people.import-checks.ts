import { issue, type RowIssue } from '../../kernel/sheets/index.js';
import type { OrgRow } from '../orgs/index.js';
import { validPhone } from './people.model.js';

export function gender(column: string, v: string, issues: RowIssue[]): 'male' | 'female' | null {
  if (!v) return null;
  if (v === '男' || v.toLowerCase() === 'm' || v.toLowerCase() === 'male') return 'male';
  if (v === '女' || v.toLowerCase() === 'f' || v.toLowerCase() === 'female') return 'female';
  issues.push(issue.oneOf(column, ['男', '女']));
  return null;
}

export function phoneOf(column: string, v: string, issues: RowIssue[]): string | null {
  if (!v) return null;
  const p = v.replace(/\s/g, '');
  if (!validPhone(p))
    issues.push(
      issue.custom(
        column,
        '手机号应为 11 位数字（座机如 0546-8060110）',
        'an 11-digit mobile or a landline such as 0546-8060110',
      ),
    );
  return p;
}

const NUMBER_RE = /^[A-Za-z0-9-]{1,30}$/;
export function numberOf(column: string, v: string, issues: RowIssue[]) {
  if (!v) issues.push(issue.required(column));
  else if (!NUMBER_RE.test(v))
    issues.push(
      issue.custom(column, '只能包含字母、数字和 -，最长 30 位', 'letters, digits and - only, up to 30'),
    );
}

export function nameOf(column: string, v: string, issues: RowIssue[]) {
  if (!v) issues.push(issue.required(column));
  else if (v.length > 50) issues.push(issue.tooLong(column, 50));
}

/** Organisations of the school by code and by name (a name counts only if it is unique). */
export function orgLookup(list: OrgRow[], kinds: string[]) {
  const byCode = new Map<string, OrgRow>();
  const byName = new Map<string, OrgRow | null>();
  for (const o of list) {
    if (!kinds.includes(o.kind)) continue;
    byCode.set(o.code, o);
    byName.set(o.name, byName.has(o.name) ? null : o);
  }
  return (v: string) => byCode.get(v) ?? byName.get(v) ?? undefined;
}
