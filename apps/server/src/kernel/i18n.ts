export type Lang = 'zh-CN' | 'en-US';
export const DEFAULT_LANG: Lang = 'zh-CN';

/** A message in every UI language. zh-CN is the primary text. */
export interface Text {
  zh: string;
  en: string;
}

/** Pick the request's language: explicit cookie first (the UI switch), then Accept-Language. */
export function pickLang(cookie: string | undefined, acceptLanguage: string | undefined): Lang {
  if (cookie === 'en-US' || cookie === 'zh-CN') return cookie;
  if (acceptLanguage) {
    const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
    if (first.startsWith('en')) return 'en-US';
  }
  return DEFAULT_LANG;
}

export function tr(text: Text, lang: Lang): string {
  return lang === 'en-US' ? text.en : text.zh;
}

/**
 * Phrases the server writes into records itself (an actor that is no person, a hazard made from a
 * checklist item). A record keeps the zh-CN wording, as the school's own ledger and notices read;
 * a reader in another language gets the same phrase from this dictionary, with the parts that came
 * from data ({item}, {template}…) as entered. Decision 0012.
 */
export const GENERATED = {
  system: { zh: '系统', en: 'System' },
  catalogue: { zh: '派单目录', en: 'Dispatch catalogue' },
  reporter: { zh: '诉求人', en: 'Reporter' },
  me: { zh: '我', en: 'Me' },
  snapshot: { zh: '随手拍', en: 'Snapshot report' },
  notMet: { zh: '不符合：{item}', en: 'Not met: {item}' },
  checkResult: { zh: '（检查结果：{answer}）', en: '(check result: {answer})' },
  fromCheck: { zh: '来自检查：{template}', en: 'From the check: {template}' },
} as const satisfies Record<string, Text>;

export type GeneratedKey = keyof typeof GENERATED;

/** A generated phrase in a language, its parameters filled in. */
export function generated(key: GeneratedKey, lang: Lang, params: Record<string, string> = {}): string {
  return tr(GENERATED[key], lang).replace(/\{(\w+)\}/g, (m, name: string) => params[name] ?? m);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PATTERNS = Object.entries(GENERATED).map(([key, text]) => {
  const names: string[] = [];
  const source = text.zh
    .split(/(\{\w+\})/)
    .map((part) => {
      const m = /^\{(\w+)\}$/.exec(part);
      if (!m) return escapeRe(part);
      names.push(m[1]!);
      return '([\\s\\S]*)';
    })
    .join('');
  return { key: key as GeneratedKey, re: new RegExp(`^${source}$`), names };
});

/**
 * A stored text in the reader's language: a part (between the `；` the server joins parts with) that
 * is one of the generated phrases `keys` is said again in `lang`; anything else, entered by a
 * person, as is.
 */
export function localize(text: string, lang: Lang, keys: readonly GeneratedKey[]): string {
  if (lang === DEFAULT_LANG || !text) return text;
  const patterns = PATTERNS.filter((p) => keys.includes(p.key));
  let out = '';
  let lastGenerated = false;
  text.split('；').forEach((part, i) => {
    let said: string | null = null;
    for (const p of patterns) {
      const m = p.re.exec(part);
      if (m) {
        said = generated(p.key, lang, Object.fromEntries(p.names.map((n, j) => [n, m[j + 1] ?? ''])));
        break;
      }
    }
    // Parts stay joined as written, unless a generated phrase (now in `lang`) stands beside the join.
    if (i > 0) out += said !== null || lastGenerated ? '; ' : '；';
    out += said ?? part;
    lastGenerated = said !== null;
  });
  return out;
}

/** Names the server gives an actor that is no person (系统, 派单目录…). */
export const GENERATED_ACTORS: readonly GeneratedKey[] = ['system', 'catalogue', 'reporter', 'snapshot'];

/** An actor's name as stored, in the reader's language when the server wrote it. */
export const localizeActor = (name: string, lang: Lang) => localize(name, lang, GENERATED_ACTORS);
