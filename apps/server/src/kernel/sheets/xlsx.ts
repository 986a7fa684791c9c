import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import ExcelJS from 'exceljs';

/** A column of a sheet we read or write: the key in code, the header people see. */
export interface SheetColumn {
  key: string;
  /** header in Chinese: what schools' own sheets use and what the template carries */
  header: string;
  /** English header, also accepted on import */
  headerEn: string;
  required?: boolean;
  /** one line for the template's notes sheet */
  note?: string;
  width?: number;
}

export type CellValue = string | number | boolean | Date | null | undefined;

/** The text of a cell as a person typed it, whatever Excel stored (number, date, rich text, formula). */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('result' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
    if ('error' in v) return '';
  }
  return '';
}

export interface ReadSheet {
  /** header texts of the first row, in order */
  headers: string[];
  /** data rows: Excel row number and the cell texts by column index (0-based) */
  rows: { row: number; cells: string[] }[];
}

/**
 * Read the first worksheet of an xlsx stream: the first non-empty row is the header row; blank
 * rows are skipped. Streams the file (exceljs' reader), so only the cell texts are kept in memory.
 */
export async function readFirstSheet(
  input: Readable,
  opts: { maxRows: number; onRow?: (count: number) => void },
): Promise<ReadSheet> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  const out: ReadSheet = { headers: [], rows: [] };
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = row.values as ExcelJS.CellValue[];
      // exceljs row.values is 1-based
      const cells = values.slice(1).map(cellText);
      if (cells.every((c) => c === '')) continue;
      if (out.headers.length === 0) {
        out.headers = cells;
        continue;
      }
      if (out.rows.length >= opts.maxRows) throw new TooManyRows(opts.maxRows);
      out.rows.push({ row: row.number, cells });
      if (out.rows.length % 1000 === 0) opts.onRow?.(out.rows.length);
    }
    break;
  }
  return out;
}

export class TooManyRows extends Error {
  constructor(readonly max: number) {
    super(`more than ${max} rows`);
  }
}

export interface WriteSheet {
  name: string;
  columns: { header: string; width?: number; text?: boolean }[];
  rows: CellValue[][];
}

/** Write sheets to an xlsx buffer: bold frozen header row, widths, text columns kept as text. */
export async function writeWorkbook(sheets: WriteSheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'anxiao';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = s.columns.map((c) => ({
      header: c.header,
      width: c.width ?? Math.max(10, c.header.length * 2 + 4),
      style: c.text ? { numFmt: '@' } : {},
    }));
    ws.getRow(1).font = { bold: true };
    for (const r of s.rows) ws.addRow(r.map((v) => (v === undefined ? null : v)));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Content-Disposition for a download with a Chinese file name (RFC 6266 / 5987). */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Answer with an xlsx download under a (Chinese) file name. */
export function sendXlsx(reply: FastifyReply, fileName: string, data: Buffer): FastifyReply {
  return reply
    .header('content-type', XLSX_MIME)
    .header('content-disposition', attachment(fileName))
    .send(data);
}
