/**
 * Text the database cannot store or a reader cannot show: NUL (PostgreSQL text refuses it),
 * lone UTF-16 surrogates (jsonb refuses them) and control characters other than tab, newline
 * and carriage return (they break XML output and hide in logs). Checked once for every request
 * at the edge, so no route meets them.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
/** the same characters, for a test (a global regex keeps its place between calls) */
const CONTROL = new RegExp(CONTROL_ALL.source);

// ES2024 string methods (Node 20 has them; the project's lib is ES2023).
interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

export type TextProblem = 'control_character' | 'unpaired_surrogate';

export function textProblem(s: string): TextProblem | null {
  if (CONTROL.test(s)) return 'control_character';
  if (!(s as unknown as WellFormed).isWellFormed()) return 'unpaired_surrogate';
  return null;
}

/** The first string (value or key) in a parsed input that holds such text, with its path. */
export function findBadText(
  value: unknown,
  path = '',
  depth = 0,
): { path: string; problem: TextProblem } | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { path: path || '/', problem } : null;
  }
  if (depth > 32 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [k, v] of entries) {
    const here = `${path}/${k}`;
    const keyProblem = textProblem(k);
    if (keyProblem) return { path: here, problem: keyProblem };
    const found = findBadText(v, here, depth + 1);
    if (found) return found;
  }
  return null;
}

/** The same input with such characters dropped (lone surrogates become U+FFFD). */
export function cleanText<T>(value: T, depth = 0): T {
  if (typeof value === 'string')
    return (value.replace(CONTROL_ALL, '') as unknown as WellFormed).toWellFormed() as T;
  if (depth > 32 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map((v: unknown) => cleanText(v, depth + 1)) as T;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [cleanText(k), cleanText(v, depth + 1)]),
  ) as T;
}
