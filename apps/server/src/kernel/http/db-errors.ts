import { type AppError, errors } from '../errors.js';

/**
 * Constraint and data errors from PostgreSQL (node-postgres and PGlite alike, possibly wrapped
 * by Drizzle) become 4xx answers naming the field or constraint; the database's own text never
 * reaches the caller. Other classes (connection loss, …) are left to the rest of the handler.
 */
interface PgError {
  code: string;
  detail?: string;
  constraint?: string;
  column?: string;
  table?: string;
}

const DATA_PROBLEMS: Record<string, string> = {
  '22001': 'too_long',
  '22003': 'out_of_range',
  '22007': 'bad_date',
  '22008': 'bad_date',
  '22021': 'bad_character',
  '22P02': 'bad_value',
  '22P05': 'bad_character',
};

export function pgErrorOf(err: unknown): PgError | null {
  let e: unknown = err;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++, e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code)) return e as PgError;
  }
  return null;
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The column a constraint error is about: "Key (place_id)=(…)" in the detail, or the column. */
function fieldOf(e: PgError): string | undefined {
  const m = /^Key \(([a-z0-9_, ]+)\)=/.exec(e.detail ?? '');
  const column = m?.[1] ?? e.column;
  return column ? column.split(', ').map(camel).join(',') : undefined;
}

export function dbErrorToAppError(err: unknown): AppError | null {
  const e = pgErrorOf(err);
  if (!e) return null;
  const field = fieldOf(e);
  const constraint = e.constraint;
  switch (e.code) {
    case '23503':
      return /still referenced/.test(e.detail ?? '')
        ? errors.inUse({ constraint })
        : errors.unknownReference({ field, constraint });
    case '23505':
    case '23P01':
      return errors.duplicate({ field, constraint });
    case '23502':
    case '23514':
      return errors.validation({ field, constraint });
    default:
      return errors.validation({ problem: DATA_PROBLEMS[e.code] ?? 'bad_value' });
  }
}
