import { issue, type RowIssue } from '../../kernel/sheets/index.js';

/** Label (Chinese or the code itself) → enum value. */
export function fromLabel<K extends string>(labels: Record<K, string>, v: string): K | undefined {
  const t = v.trim();
  for (const [k, label] of Object.entries(labels) as [K, string][]) if (label === t || k === t) return k;
  return undefined;
}

const CODE_RE = /^[A-Za-z0-9_.\-#]{1,40}$/;

export function checkCode(column: string, v: string, issues: RowIssue[]) {
  if (!v) issues.push(issue.required(column));
  else if (!CODE_RE.test(v))
    issues.push(
      issue.custom(
        column,
        '编号只能包含字母、数字和 _ . - #，最长 40 位',
        'letters, digits, _ . - # only, up to 40',
      ),
    );
}

export function checkInt(
  column: string,
  v: string,
  min: number,
  max: number,
  issues: RowIssue[],
): number | null {
  if (!v) return null;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    issues.push(
      issue.custom(column, `应为 ${min} 到 ${max} 之间的整数`, `a whole number from ${min} to ${max}`),
    );
    return null;
  }
  return n;
}

export function checkYesNo(column: string, v: string, issues: RowIssue[]): boolean {
  if (!v || v === '否' || v.toLowerCase() === 'no' || v === '0') return false;
  if (v === '是' || v.toLowerCase() === 'yes' || v === '1') return true;
  issues.push(issue.oneOf(column, ['是', '否']));
  return false;
}
