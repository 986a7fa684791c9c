/**
 * A Chinese phone number as people type it: a mobile (13812345678, +86 138 1234 5678) or a
 * landline with its area code (0477-8123456, 010 12345678, with an extension -123). Spaces and
 * dashes are kept as typed; `normalizePhone` gives the stored form.
 */
const MOBILE = /^(?:\+?86)?1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}\d{7,8}(?:ext\d{1,6})?$/;

/** Spaces removed, the area code's dash dropped and an extension marked: 0477-8123456-12 → 04778123456ext12. */
function compact(v: string): string {
  const t = v.trim().replace(/[\s()（）]/g, '');
  const m = /^(0\d{2,3})-?(\d{7,8})(?:-(\d{1,6}))?$/.exec(t);
  if (m) return `${m[1]}${m[2]}${m[3] ? `ext${m[3]}` : ''}`;
  return t.replace(/-/g, '');
}

export function isChinesePhone(v: string): boolean {
  const c = compact(v);
  return MOBILE.test(c) || LANDLINE.test(c);
}

/** The stored form: a mobile as its 11 digits, a landline as 0477-8123456 (-12). */
export function normalizePhone(v: string): string {
  const c = compact(v);
  if (MOBILE.test(c)) return c.slice(-11);
  const m = /^(0\d{2,3})(\d{7,8})(?:ext(\d{1,6}))?$/.exec(c);
  // The area code's length is ambiguous in the compact form; keep what was typed if it had a dash.
  const typed = /^(0\d{2,3})-/.exec(v.trim());
  if (m) {
    const area = typed ? typed[1]! : m[1]!;
    const rest = c.slice(area.length).replace(/ext.*/, '');
    return `${area}-${rest}${m[3] ? `-${m[3]}` : ''}`;
  }
  return v.trim();
}

/** 138****5678: a phone number as shown to someone who does not handle the person directly. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}
