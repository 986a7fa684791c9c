import { z } from 'zod';

/**
 * Shared input schemas for every route. Query strings arrive as text: numbers are read as plain
 * decimals only, so " " is not 0 and "0x10" is not 16. Dates are bounded to years the platform
 * can mean (and PostgreSQL can store): a year 0 or 275760 is a typing slip or an attack.
 */
const DECIMAL = /^-?\d+(\.\d+)?$/;

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** A decimal number written as text, or null ("", " ", "0x10", "1e3", "Infinity" are not). */
export function parseDecimal(s: string): number | null {
  return DECIMAL.test(s) ? Number(s) : null;
}

function readDecimal(v: unknown): unknown {
  return typeof v === 'string' && DECIMAL.test(v) ? Number(v) : v;
}

/** A number from a query string or a JSON body, decimal notation only. */
export function decimal<T extends z.ZodNumber>(inner: T) {
  return z.preprocess(readDecimal, inner);
}

/** A whole number in [min, max] from a query string (the usual page and pageSize), maybe defaulted. */
export function intParam(min: number, max: number, fallback?: number) {
  const n = z.number().int().min(min).max(max);
  return fallback === undefined ? decimal(n) : decimal(n).default(fallback);
}

const yearOk = (y: number) => y >= MIN_YEAR && y <= MAX_YEAR;
const yearMessage = `year must be between ${MIN_YEAR} and ${MAX_YEAR}`;

/** A calendar day, YYYY-MM-DD. */
export const isoDay = () => z.iso.date().refine((s) => yearOk(Number(s.slice(0, 4))), yearMessage);

/** A calendar month, YYYY-MM. */
export const isoMonth = () =>
  z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM')
    .refine((s) => yearOk(Number(s.slice(0, 4))), yearMessage);

/** An instant with its offset, ISO 8601 (kept as the string sent). */
export const isoDateTime = () =>
  z.iso.datetime({ offset: true }).refine((s) => yearOk(new Date(s).getUTCFullYear()), yearMessage);

/** An instant (or a day, meaning its midnight UTC) read into a Date. */
export const dateInput = () =>
  z
    .union([z.iso.datetime({ offset: true }), z.iso.date()])
    .transform((s) => new Date(s))
    .refine((d) => yearOk(d.getUTCFullYear()), yearMessage);
