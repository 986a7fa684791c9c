import type { RiskDomain } from '../../api/types';
import type { ChecklistItem, ItemType, TaskKind, TaskTemplate } from './types';

/** What the template editor (TemplateEditor.tsx) holds: the form's values, where they start, what is sent. */

export const CODE = /^[A-Za-z0-9_-]{1,40}$/;

/** An item as the form holds it: every field, whatever the type (those that do not apply are dropped). */
export interface ItemValues {
  code: string;
  type: ItemType;
  prompt: string;
  required: boolean;
  allowNa?: boolean;
  failOn?: 'yes' | 'no';
  min?: number | null;
  max?: number | null;
  options?: { key: string; label: string; fails?: boolean }[];
  photoOnFail?: boolean;
  points?: number | null;
}

export interface Values {
  code: string;
  name: string;
  kind: TaskKind;
  domain?: RiskDomain | null;
  active?: boolean;
  items: ItemValues[];
}

export type EditorMode =
  { kind: 'create' } | { kind: 'copy'; from: TaskTemplate } | { kind: 'edit'; template: TaskTemplate };

const num = (v: number | null | undefined) => (typeof v === 'number' ? v : undefined);

/** The item the server keeps: only the fields its type uses. */
export function toItem(v: ItemValues): ChecklistItem {
  const item: ChecklistItem = {
    code: v.code.trim(),
    type: v.type,
    prompt: v.prompt.trim(),
    required: !!v.required,
  };
  const points = num(v.points);
  if (points !== undefined) item.points = points;
  if (v.type === 'yes_no') {
    if (v.allowNa) item.allowNa = true;
    item.failOn = v.failOn ?? 'no';
  }
  if (v.type === 'number') {
    const min = num(v.min);
    const max = num(v.max);
    if (min !== undefined) item.min = min;
    if (max !== undefined) item.max = max;
  }
  if (v.type === 'choice')
    item.options = (v.options ?? []).map((o) => ({
      key: o.key.trim(),
      label: o.label.trim(),
      ...(o.fails ? { fails: true } : {}),
    }));
  if ((v.type === 'yes_no' || v.type === 'number' || v.type === 'choice') && v.photoOnFail)
    item.photoOnFail = true;
  return item;
}

/** A code not yet used by the checklist's items: I1, I2… */
export function freeCode(items: readonly { code?: string }[]): string {
  const used = new Set(items.map((i) => i.code));
  let n = items.length + 1;
  while (used.has(`I${n}`)) n++;
  return `I${n}`;
}

export function initialValues(mode: EditorMode): Partial<Values> {
  switch (mode.kind) {
    case 'create':
      return {
        kind: 'hazard_inspection',
        domain: null,
        items: [
          {
            code: 'I1',
            type: 'yes_no',
            prompt: '',
            required: true,
            failOn: 'no',
            allowNa: true,
            photoOnFail: true,
          },
        ],
      };
    case 'copy': {
      const f = mode.from;
      return {
        code: `${f.code}-2`.slice(0, 40),
        name: `${f.name}（副本）`.slice(0, 80),
        kind: f.kind,
        domain: f.domain,
        items: f.items,
      };
    }
    case 'edit': {
      const x = mode.template;
      return { code: x.code, name: x.name, kind: x.kind, domain: x.domain, active: x.active, items: x.items };
    }
  }
}
