import { PassThrough, type Readable } from 'node:stream';
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
  /** the value the template's example row shows (else one taken from the note: "如 S3") */
  example?: string;
  width?: number;
  /** how a problem report shows this column's value (a national ID or phone number, masked) */
  mask?: (value: string) => string;
}

export type CellValue = string | number | boolean | Date | null | undefined;

export interface WriteSheet {
  name: string;
  columns: { header: string; width?: number; text?: boolean }[];
  rows: CellValue[][];
  /** a row shown first in grey italics: a template's example, which imports skip */
  example?: CellValue[];
}

/**
 * What marks a template's example row: its first cell begins with it. An import skips such a row
 * (reported as skipped, not as a problem), so a template sent back untouched imports nothing.
 */
export const EXAMPLE_MARK = '示例/Example';

export function isExampleRow(cells: readonly (string | undefined)[]): boolean {
  const first = (cells[0] ?? '').trim();
  return first.startsWith('示例') || /^example\b/i.test(first);
}

/** A column's example value: its own, or the one its note gives ("如 S3-0212", the first of a list). */
export function exampleOf(c: SheetColumn): string {
  if (c.example !== undefined) return c.example;
  const note = c.note ?? '';
  const given = /如\s*([^，,；;、\s（(）)]+)/.exec(note);
  if (given) return given[1]!;
  if (note.includes('、')) return note.split('、')[0]!.trim();
  if (note.includes(' / ')) return note.split(' / ')[0]!.trim();
  return '';
}

/** A sheet's columns as exceljs takes them: header, width (from the header if unset), text format. */
function sheetColumns(columns: WriteSheet['columns']): Partial<ExcelJS.Column>[] {
  return columns.map((c) => ({
    header: c.header,
    width: c.width ?? Math.max(10, c.header.length * 2 + 4),
    style: c.text ? { numFmt: '@' } : {},
  }));
}

const FROZEN_HEADER: Partial<ExcelJS.AddWorksheetOptions> = { views: [{ state: 'frozen', ySplit: 1 }] };

/** Write sheets to an xlsx buffer: bold frozen header row, widths, text columns kept as text. */
export async function writeWorkbook(sheets: WriteSheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'anxiao';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, FROZEN_HEADER);
    ws.columns = sheetColumns(s.columns);
    ws.getRow(1).font = { bold: true };
    if (s.example)
      ws.addRow(s.example.map((v) => (v === undefined ? null : v))).font = {
        italic: true,
        color: { argb: 'FF8C8C8C' },
      };
    for (const r of s.rows) ws.addRow(r.map((v) => (v === undefined ? null : v)));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A stream whose writes have been refused until it drains (Node's own, or readable-stream 2's). */
interface Drainable extends NodeJS.EventEmitter {
  writableNeedDrain?: boolean;
  _writableState?: { needDrain?: boolean };
}

const behind = (s: Drainable | undefined): s is Drainable =>
  s !== undefined && (s.writableNeedDrain ?? s._writableState?.needDrain) === true;

/**
 * Where exceljs (4.4) puts a streamed sheet's XML: the input archiver made for the sheet's zip
 * entry. exceljs writes every committed row into it without heeding backpressure, so rows made
 * faster than the zip deflates them (about 250 bytes a row) would pile up there unbounded.
 */
function sheetZipInput(ws: ExcelJS.Worksheet): Drainable | undefined {
  return (ws as unknown as { _stream?: { pipes?: Drainable[] } })._stream?.pipes?.[0];
}

/**
 * Write one sheet as a stream: rows are pulled from an async iterable (batches), committed as they
 * come, so memory stays flat for 100k+ rows. Looks like writeWorkbook's sheets (bold frozen header
 * row, widths, text columns kept as text). After each batch it waits until the zip and the reader
 * have caught up, and it stops pulling (ending the iterable) once the stream is destroyed. An error
 * from the iterable, or from exceljs, destroys the stream with that error, so a reply fails rather
 * than hangs.
 */
export function streamWorkbook(
  sheet: Omit<WriteSheet, 'rows'>,
  rows: AsyncIterable<CellValue[][]>,
): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: true,
  });
  wb.creator = 'anxiao';
  // exceljs pipes its zip (archiver) into `out` but leaves the zip's own errors unhandled.
  (wb as unknown as { zip?: NodeJS.EventEmitter }).zip?.on('error', (err: Error) => out.destroy(err));
  const drained = (s: Drainable) =>
    new Promise<void>((resolve) => {
      const done = () => {
        s.off('drain', done);
        out.off('close', done);
        resolve();
      };
      s.on('drain', done);
      out.on('close', done);
    });
  void (async () => {
    const ws = wb.addWorksheet(sheet.name, FROZEN_HEADER);
    ws.columns = sheetColumns(sheet.columns);
    const header = ws.getRow(1);
    header.font = { bold: true };
    header.commit();
    for await (const batch of rows) {
      if (out.destroyed) break;
      for (const r of batch) ws.addRow(r.map((v) => (v === undefined ? null : v))).commit();
      for (const s of [sheetZipInput(ws), out]) {
        while (behind(s) && !out.destroyed) await drained(s);
      }
      if (out.destroyed) break;
    }
    if (out.destroyed) return;
    ws.commit();
    await wb.commit();
  })().catch((err: unknown) => {
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return out;
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

/** Answer with an xlsx download streamed from streamWorkbook; a stream error aborts the reply. */
export function sendXlsxStream(reply: FastifyReply, fileName: string, stream: Readable): FastifyReply {
  return reply
    .header('content-type', XLSX_MIME)
    .header('content-disposition', attachment(fileName))
    .send(stream);
}
