import { buffer } from 'node:stream/consumers';
import type { Kernel } from '../kernel.js';
import { ThreadFailed } from '../isolate/index.js';
import { readSheetIsolated } from './read-isolated.js';
import { clip } from './importer.js';
import type { ImportFailure } from './imports.tables.js';
import { TooManyRows, type ReadSheet } from './xlsx-read.js';
import type { SheetColumn } from './xlsx.js';
import { SheetTooLarge, type SheetLimits } from './zip.js';

export const MAX_ROWS = 100_000;
/** the heap of the worker thread that reads one sheet */
export const WORKER_MEMORY_MB = 512;

/** Read an import's uploaded sheet in a worker thread, within the limits (see zip.ts). */
export async function readImportSheet(
  k: Kernel,
  fileId: string,
  onRows: (n: number) => void,
): Promise<ReadSheet> {
  const { stream } = await k.files.openById(fileId);
  const data = await buffer(stream);
  return readSheetIsolated(data, { maxRows: MAX_ROWS, memoryMb: WORKER_MEMORY_MB, onRows });
}

const mb = (n: number) => Math.round(n / 1024 / 1024);
const num = (n: number) => n.toLocaleString('en-US');

const LIMIT_TEXT: Record<keyof SheetLimits, (max: number) => { zh: string; en: string }> = {
  entryBytes: (m) => ({
    zh: `其中一个部件解压后超过 ${mb(m)} MB`,
    en: `a part inflates to more than ${mb(m)} MB`,
  }),
  totalBytes: (m) => ({
    zh: `解压后总计超过 ${mb(m)} MB`,
    en: `it inflates to more than ${mb(m)} MB in all`,
  }),
  ratio: (m) => ({
    zh: `压缩比超过 ${m} 倍（疑似压缩炸弹）`,
    en: `it is compressed more than ${m} times (a zip bomb?)`,
  }),
  entries: (m) => ({ zh: `内部文件超过 ${num(m)} 个`, en: `it holds more than ${num(m)} parts` }),
  cellChars: (m) => ({
    zh: `有单元格超过 ${num(m)} 个字符`,
    en: `a cell holds more than ${num(m)} characters`,
  }),
  cellsPerRow: (m) => ({ zh: `有一行超过 ${num(m)} 列`, en: `a row has more than ${num(m)} columns` }),
  cells: (m) => ({ zh: `单元格超过 ${num(m)} 个`, en: `it has more than ${num(m)} cells` }),
  rows: (m) => ({ zh: `行数超过 ${num(m)} 行`, en: `it has more than ${num(m)} rows` }),
  textChars: (m) => ({
    zh: `文字超过 ${num(m)} 个字符`,
    en: `it holds more than ${num(m)} characters of text`,
  }),
};

const tooLarge = (why: { zh: string; en: string }): ImportFailure => ({
  code: 'sheets.too_large',
  zh: `表格过大，已拒绝（sheets.too_large）：${why.zh}`,
  en: `The sheet was refused as too large (sheets.too_large): ${why.en}`,
});

/** Why a sheet could not be read, as the import's failure. */
export function sheetFailure(e: unknown): ImportFailure {
  if (e instanceof SheetTooLarge) return tooLarge(LIMIT_TEXT[e.limit](e.max));
  if (e instanceof TooManyRows)
    return {
      code: 'sheets.too_many_rows',
      zh: `表格超过 ${e.max} 行，请分成几个文件导入`,
      en: `The sheet has more than ${e.max} rows; split it into several files`,
    };
  if (e instanceof ThreadFailed && e.reason === 'memory')
    return tooLarge({
      zh: `读取时超出 ${WORKER_MEMORY_MB} MB 内存上限`,
      en: `reading it took more than the ${WORKER_MEMORY_MB} MB memory limit`,
    });
  if (e instanceof ThreadFailed && e.reason === 'timeout')
    return tooLarge({ zh: '读取超时', en: 'reading it took too long' });
  return {
    code: 'sheets.unreadable',
    zh: '无法读取该文件：请确认是 Excel（.xlsx）文件且未加密',
    en: 'The file cannot be read; make sure it is an unencrypted Excel (.xlsx) file',
  };
}

/** What a problem row shows of a cell: masked when the column is sensitive, and only its start. */
export function problemValue(column: SheetColumn | undefined, value: string): string {
  return clip(value && column?.mask ? column.mask(value) : value);
}
