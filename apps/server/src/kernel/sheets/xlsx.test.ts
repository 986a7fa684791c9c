import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readFirstSheet } from './xlsx-read.js';
import { streamWorkbook, type CellValue } from './xlsx.js';

const SHEET = {
  name: '学生',
  columns: [{ header: '姓名', width: 12 }, { header: '学号', text: true }, { header: '序号' }],
};

async function* batches(total: number, size: number): AsyncGenerator<CellValue[][]> {
  for (let start = 0; start < total; start += size) {
    const batch: CellValue[][] = [];
    for (let i = start; i < Math.min(total, start + size); i++) {
      batch.push([`学生${i}`, String(i).padStart(4, '0'), i]);
    }
    // a database page comes back later
    await new Promise((resolve) => setImmediate(resolve));
    yield batch;
  }
}

describe('streamWorkbook', () => {
  it('streams rows pulled in batches into an xlsx that reads back whole', async () => {
    const data = await buffer(streamWorkbook(SHEET, batches(2_500, 1_000)));

    const read = await readFirstSheet(data, { maxRows: 10_000 });
    expect(read.headers).toEqual(['姓名', '学号', '序号']);
    expect(read.rows).toHaveLength(2_500);
    expect(read.rows[0]).toEqual({ row: 2, cells: ['学生0', '0000', '0'] });
    expect(read.rows[12]?.cells).toEqual(['学生12', '0012', '12']);
    expect(read.rows[2_499]).toEqual({ row: 2_501, cells: ['学生2499', '2499', '2499'] });

    // the same look as writeWorkbook: bold frozen header, widths, the text column formatted as text
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('学生');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.getColumn(1).width).toBe(12);
    expect(ws.getCell('B14').value).toBe('0012');
    expect(ws.getCell('B14').numFmt).toBe('@');
    expect(ws.getCell('C14').value).toBe(12);
  });

  it('writes the header alone when there are no rows', async () => {
    const data = await buffer(streamWorkbook(SHEET, batches(0, 1_000)));
    const read = await readFirstSheet(data, { maxRows: 10 });
    expect(read.headers).toEqual(['姓名', '学号', '序号']);
    expect(read.rows).toEqual([]);
  });

  it('pulls the next batch only once the zip has taken the last one', async () => {
    // rows made with no I/O in between: without waiting for the zip, every row's XML would pile up
    // in memory before the first compressed byte reached the reader
    const received: number[] = [];
    let bytes = 0;
    async function* eager(): AsyncGenerator<CellValue[][]> {
      for (let b = 0; b < 30; b++) {
        received.push(bytes);
        yield Array.from({ length: 1_000 }, (_, i) => [`学生${b * 1_000 + i}`, '0012', i]);
      }
    }
    const stream = streamWorkbook(SHEET, eager());
    for await (const chunk of stream) bytes += (chunk as Buffer).length;
    expect(received.at(-1)).toBeGreaterThan(bytes / 2);
  });

  it('fails the stream when the rows cannot be read', async () => {
    async function* failing(): AsyncGenerator<CellValue[][]> {
      yield* batches(1_000, 500);
      throw new Error('the database went away');
    }
    await expect(buffer(streamWorkbook(SHEET, failing()))).rejects.toThrow('the database went away');
  });

  it('stops pulling rows once the reader goes away', async () => {
    let pulled = 0;
    let ended = false;
    async function* endless(): AsyncGenerator<CellValue[][]> {
      try {
        for (;;) {
          pulled++;
          yield* batches(1_000, 1_000);
        }
      } finally {
        ended = true;
      }
    }
    const stream = streamWorkbook(SHEET, endless());
    await new Promise<void>((resolve) => stream.once('data', () => resolve()));
    stream.destroy();
    await expect.poll(() => ended).toBe(true);
    const after = pulled;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pulled).toBe(after);
  });
});
