import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import {
  DEFAULT_LIMITS,
  InflateBudget,
  inflateEntry,
  SheetTooLarge,
  SheetUnreadable,
  zipEntries,
  type SheetLimits,
  type ZipEntry,
} from './zip.js';

export interface ReadSheet {
  /** header texts of the first row, in order */
  headers: string[];
  /** data rows: Excel row number and the cell texts by column index (0-based) */
  rows: { row: number; cells: string[] }[];
}

export class TooManyRows extends Error {
  constructor(readonly max: number) {
    super(`more than ${max} rows`);
  }
}

export interface ReadOptions {
  maxRows: number;
  limits?: SheetLimits;
  onRows?: (count: number) => void;
}

interface XmlHandlers {
  open?(name: string, attrs: Record<string, string>): void;
  text?(text: string): void;
  close?(name: string): void;
}

/** Counts the characters kept while reading, against the workbook's text limit. */
class TextBudget {
  private used = 0;
  constructor(private readonly limits: SheetLimits) {}
  add(n: number): void {
    this.used += n;
    if (this.used > this.limits.textChars) throw new SheetTooLarge('textChars', this.limits.textChars);
  }
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * Walk one XML entry. saxes keeps a text, a tag or a comment whole until it ends, so the bytes fed
 * since its last event are what it holds: past one cell's worth, the file is refused.
 */
async function walkXml(buf: Buffer, entry: ZipEntry, budget: InflateBudget, h: XmlHandlers) {
  const maxToken = budget.limits.cellChars * 8 + 4096;
  const parser = new SaxesParser();
  let since = 0;
  const reset = () => {
    since = 0;
  };
  parser.on('opentag', (t) => {
    reset();
    h.open?.(local(t.name), t.attributes);
  });
  parser.on('closetag', (t) => {
    reset();
    h.close?.(local(t.name));
  });
  parser.on('text', (s) => {
    reset();
    h.text?.(s);
  });
  parser.on('cdata', (s) => {
    reset();
    h.text?.(s);
  });
  for (const ev of ['comment', 'processinginstruction', 'doctype', 'xmldecl'] as const) parser.on(ev, reset);
  parser.on('error', (e) => {
    throw new SheetUnreadable(e.message);
  });
  const decoder = new StringDecoder('utf8');
  for await (const chunk of inflateEntry(buf, entry, budget)) {
    for (let i = 0; i < chunk.length; i += 16 * 1024) {
      const slice = chunk.subarray(i, i + 16 * 1024);
      since += slice.length;
      parser.write(decoder.write(slice));
      if (since > maxToken) throw new SheetTooLarge('cellChars', budget.limits.cellChars);
    }
  }
  parser.write(decoder.end());
  parser.close();
}

/** The parts of the workbook we read: the first sheet and the shared strings, by the rels. */
async function locate(buf: Buffer, entries: Map<string, ZipEntry>, budget: InflateBudget) {
  const wb = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  let firstId: string | undefined;
  if (wb)
    await walkXml(buf, wb, budget, {
      open(name, a) {
        if (name === 'sheet' && firstId === undefined)
          firstId = Object.entries(a).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1];
      },
    });
  const targets = new Map<string, { target: string; type: string }>();
  if (rels)
    await walkXml(buf, rels, budget, {
      open(name, a) {
        if (name === 'Relationship' && a['Id'] && a['Target'])
          targets.set(a['Id'], { target: a['Target'], type: a['Type'] ?? '' });
      },
    });
  const resolve = (t: string) => (t.startsWith('/') ? t.slice(1) : path.posix.normalize(`xl/${t}`));
  const sheetRel = firstId ? targets.get(firstId) : undefined;
  const shared = [...targets.values()].find((r) => r.type.endsWith('/sharedStrings'));
  return {
    sheet: entries.get(sheetRel ? resolve(sheetRel.target) : 'xl/worksheets/sheet1.xml'),
    shared: entries.get(shared ? resolve(shared.target) : 'xl/sharedStrings.xml'),
  };
}

async function sharedStrings(
  buf: Buffer,
  entry: ZipEntry,
  budget: InflateBudget,
  text: TextBudget,
): Promise<string[]> {
  const { limits } = budget;
  const out: string[] = [];
  let cur: string | null = null;
  let inT = false;
  let phonetic = 0;
  await walkXml(buf, entry, budget, {
    open(name) {
      if (name === 'si') cur = '';
      else if (name === 't') inT = true;
      else if (name === 'rPh') phonetic++;
    },
    text(s) {
      if (cur === null || !inT || phonetic > 0) return;
      cur += s;
      text.add(s.length);
      if (cur.length > limits.cellChars) throw new SheetTooLarge('cellChars', limits.cellChars);
    },
    close(name) {
      if (name === 't') inT = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si' && cur !== null) {
        out.push(cur.trim());
        cur = null;
        if (out.length > limits.cells) throw new SheetTooLarge('cells', limits.cells);
      }
    },
  });
  return out;
}

/** Column number of a cell reference (A1 → 1, XFD9 → 16384); 0 when it has no letters. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length && i < 8; i++) {
    const c = ref.charCodeAt(i) & ~32;
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return col;
}

/** The text of a cell as a person typed it, whatever Excel stored (number, text, boolean, formula). */
function cellValue(type: string, v: string, strings: string[]): string {
  switch (type) {
    case 's':
      return strings[Number.parseInt(v, 10)] ?? '';
    case 'inlineStr':
    case 'str':
      return v.trim();
    case 'b':
      return v.trim() === '' ? '' : Number.parseInt(v, 10) !== 0 ? '是' : '否';
    case 'e':
      return '';
    case 'd':
      return v.trim().slice(0, 10);
    default: {
      const n = Number.parseFloat(v);
      return Number.isNaN(n) ? '' : String(n);
    }
  }
}

/**
 * Read the first worksheet of an xlsx held in memory: the first non-empty row is the header row;
 * blank rows are skipped. Every limit (SheetLimits) is checked while the zip inflates and the XML
 * streams, so a hostile file is refused (SheetTooLarge) before it costs memory.
 */
export async function readFirstSheet(data: Buffer, opts: ReadOptions): Promise<ReadSheet> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const entries = zipEntries(data, limits);
  const budget = new InflateBudget(limits);
  const text = new TextBudget(limits);
  const { sheet, shared } = await locate(data, entries, budget);
  if (!sheet) throw new SheetUnreadable('no worksheet');
  const strings = shared ? await sharedStrings(data, shared, budget, text) : [];

  const out: ReadSheet = { headers: [], rows: [] };
  let rowElements = 0;
  let kept = 0;
  let row: { r: number; cells: string[] } | null = null;
  let lastRow = 0;
  let cell: { col: number; type: string; v: string } | null = null;
  let nextCol = 1;
  let target = false;
  let inInline = false;
  let phonetic = 0;
  await walkXml(data, sheet, budget, {
    open(name, a) {
      if (name === 'row') {
        if (++rowElements > limits.rows) throw new SheetTooLarge('rows', limits.rows);
        lastRow = Number.parseInt(a['r'] ?? '', 10) || lastRow + 1;
        row = { r: lastRow, cells: [] };
        nextCol = 1;
      } else if (name === 'c' && row) {
        const col = (a['r'] && columnOf(a['r'])) || nextCol;
        cell = { col, type: a['t'] ?? 'n', v: '' };
        nextCol = col + 1;
      } else if (cell && (name === 'v' || (name === 't' && inInline))) target = true;
      else if (cell && name === 'is') inInline = true;
      else if (cell && name === 'rPh') phonetic++;
    },
    text(s) {
      if (!cell || !target || phonetic > 0) return;
      cell.v += s;
      if (cell.v.length > limits.cellChars) throw new SheetTooLarge('cellChars', limits.cellChars);
    },
    close(name) {
      if (name === 'v' || name === 't') target = false;
      else if (name === 'is') inInline = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'c' && cell && row) {
        const value = cellValue(cell.type, cell.v, strings);
        if (value !== '') {
          if (cell.col > limits.cellsPerRow) throw new SheetTooLarge('cellsPerRow', limits.cellsPerRow);
          row.cells[cell.col - 1] = value;
          text.add(value.length);
        }
        cell = null;
      } else if (name === 'row' && row) {
        const done: { r: number; cells: string[] } = row;
        row = null;
        if (done.cells.length === 0) return;
        kept += done.cells.length;
        if (kept > limits.cells) throw new SheetTooLarge('cells', limits.cells);
        const cells = Array.from(done.cells, (c) => c ?? '');
        if (out.headers.length === 0) {
          out.headers = cells;
          return;
        }
        if (out.rows.length >= opts.maxRows) throw new TooManyRows(opts.maxRows);
        // every column of the header row is there, blank ones as ''
        while (cells.length < out.headers.length) cells.push('');
        out.rows.push({ row: done.r, cells });
        if (out.rows.length % 1000 === 0) opts.onRows?.(out.rows.length);
      }
    },
  });
  return out;
}
