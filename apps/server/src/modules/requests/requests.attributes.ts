import type { CategoryAttribute } from './requests.tables.js';
import { requestErrors } from './requests.errors.js';

/**
 * An intake's answers to its category's questions (Open311's attributes): each checked against its
 * definition, unknown ones refused; every problem is named at once.
 */
export function checkAttributes(defs: CategoryAttribute[], given: Record<string, string | string[]>) {
  const fields: { code: string; reason: string }[] = [];
  const problem = (code: string, reason: string) => fields.push({ code, reason });
  const out: Record<string, string | string[]> = {};
  for (const d of defs) {
    const v = given[d.code];
    const empty = v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
    if (empty) {
      if (d.required) problem(d.code, 'is required');
      continue;
    }
    const keys = d.values?.map((x) => x.key) ?? [];
    if (d.datatype === 'singlevaluelist' && (Array.isArray(v) || !keys.includes(v)))
      problem(d.code, `is not one of ${keys.join(', ')}`);
    else if (d.datatype === 'multivaluelist' && [v].flat().some((x) => !keys.includes(x)))
      problem(d.code, `is not among ${keys.join(', ')}`);
    else if (d.datatype === 'number' && (Array.isArray(v) || !Number.isFinite(Number(v))))
      problem(d.code, 'is not a number');
    else if (d.datatype === 'datetime' && (Array.isArray(v) || Number.isNaN(Date.parse(v))))
      problem(d.code, 'is not a date and time');
    else out[d.code] = d.datatype === 'multivaluelist' ? [v].flat() : v;
  }
  const unknown = Object.keys(given).filter((c) => !defs.some((d) => d.code === c));
  for (const c of unknown) problem(c, 'is not asked by this category');
  // `fields` names each attribute (Open311 says attribute[CODE] …); `problems` is the older text.
  if (fields.length)
    throw requestErrors.badAttribute({
      problems: fields.map((f) => `${f.code}: ${f.reason.replace(/^is /, '')}`),
      fields,
    });
  return out;
}
