import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db.js';
import type { Severity } from './channel.js';
import { notifyTemplates } from './notify.centre.tables.js';

export interface TemplateVars {
  kind: string;
  title: string;
  body: string;
  link: string | null;
  data: Record<string, unknown> | null;
}

/**
 * The provider's template for a notice: the one registered for its kind, else the fallback of
 * its severity. SMS and voice go out only through one (the providers' rule); none → null.
 */
export async function findTemplate(
  ex: Executor,
  provider: string,
  noticeKind: string,
  severity: Severity,
): Promise<{ code: string; params: Record<string, string> } | null> {
  const rows = await ex
    .select()
    .from(notifyTemplates)
    .where(eq(notifyTemplates.provider, provider))
    .orderBy(asc(notifyTemplates.noticeKind));
  const byKind = rows.find((r) => r.noticeKind === noticeKind);
  const bySeverity = rows.find((r) => r.noticeKind === null && r.severity === severity);
  const t = byKind ?? bySeverity;
  return t ? { code: t.templateCode, params: t.params } : null;
}

/** The template's parameters filled from the notice: {title}, {body}, {kind}, {link}, {data.x}. */
export function renderParams(params: Record<string, string>, v: TemplateVars): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(params)) {
    out[name] = text.replace(/\{([a-zA-Z0-9_.]+)\}/g, (_m, key: string) => {
      if (key.startsWith('data.')) {
        const val = v.data?.[key.slice(5)];
        if (typeof val === 'string') return val;
        if (typeof val === 'number' || typeof val === 'boolean') return String(val);
        return val === undefined || val === null ? '' : JSON.stringify(val);
      }
      if (key === 'title') return v.title;
      if (key === 'body') return v.body;
      if (key === 'kind') return v.kind;
      if (key === 'link') return v.link ?? '';
      return '';
    });
  }
  return out;
}

/** The text a template's parameters give, for the record and for channels that show text. */
export function renderedText(params: Record<string, string>): string {
  return Object.values(params).join(' ');
}
