import type { Lang } from './types';

const pluralRules = new Map<Lang, Intl.PluralRules>();

function pluralOf(lang: Lang, n: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  return rules.select(n);
}

// `{count, plural, one {# grid} other {# grids}}`: the branch for the number, `#` standing for it.
const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const BRANCH = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;

/**
 * A message with its parameters filled in: `{name}` by the value, and plural forms chosen by the
 * language's own rules (Intl.PluralRules), so English says "1 grid" and "2 grids".
 */
export function formatMessage(text: string, params: Record<string, string | number> | undefined, lang: Lang) {
  if (!params) return text;
  const plural = text.replace(PLURAL, (match, name: string, branches: string) => {
    const n = Number(params[name]);
    if (!Number.isFinite(n)) return match;
    const forms = new Map<string, string>();
    for (const [, key, body] of branches.matchAll(BRANCH)) forms.set(key!, body!);
    const body = forms.get(`=${n}`) ?? forms.get(pluralOf(lang, n)) ?? forms.get('other') ?? match;
    return body.replace(/#/g, String(params[name]));
  });
  return plural.replace(/\{(\w+)\}/g, (match, name: string) => String(params[name] ?? match));
}
