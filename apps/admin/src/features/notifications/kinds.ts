import type { MessageKey } from '../../i18n/I18nProvider';

/** The families of notification kinds the inbox filters by (the part of `kind` before the dot). */
export const FAMILIES = ['incident', 'hazard', 'request', 'task', 'drill', 'warning'] as const;
export type Family = (typeof FAMILIES)[number];

export function familyOf(kind: string): Family | 'other' {
  const head = kind.split('.')[0];
  return FAMILIES.find((f) => f === head) ?? 'other';
}

export const familyLabel = (f: Family | 'other'): MessageKey => `notifications.family.${f}`;

/**
 * Where a notification opens in the console: its `link` when it is one of our own pages (a path,
 * not another site), else nowhere.
 */
export function consolePath(link: string | null): string | null {
  return link && link.startsWith('/') && !link.startsWith('//') ? link : null;
}
