import { maskPhone } from '@anxiao/contracts';
/** Mainland resident ID (GB 11643): 18 characters, check digit by ISO 7064 MOD 11-2. */
export function validNationalId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((s, wi, i) => s + wi * Number(id[i]), 0);
  return '10X98765432'[sum % 11] === id[17];
}

/** 370502********1234: region shown, birth date hidden. */
export function maskNationalId(id: string): string {
  return `${id.slice(0, 6)}********${id.slice(-4)}`;
}

/**
 * A person's phone as one actor sees it: in full for those who handle the person directly,
 * masked for everyone else (who may reveal it through an audited call).
 */
export function phoneAs(
  phone: string | null,
  shown: boolean,
): { phone: string | null; phoneMasked: boolean } {
  return shown || !phone ? { phone, phoneMasked: false } : { phone: maskPhone(phone), phoneMasked: true };
}

export function validPhone(p: string): boolean {
  return /^1\d{10}$/.test(p) || /^0\d{2,3}-?\d{7,8}$/.test(p);
}

/** A valid ID for the demo: random body, correct check digit. */
export function makeNationalId(body17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((s, wi, i) => s + wi * Number(body17[i]), 0);
  return body17 + '10X98765432'[sum % 11]!;
}
