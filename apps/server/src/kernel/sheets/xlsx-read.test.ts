import { describe, expect, it } from 'vitest';
import { xlsxBomb } from '../../../test/support/xlsx-bomb.js';
import { ThreadFailed } from '../isolate/index.js';
import { readSheetIsolated } from './read-isolated.js';
import { readFirstSheet } from './xlsx-read.js';
import { writeWorkbook } from './xlsx.js';
import { DEFAULT_LIMITS, SheetTooLarge, type SheetLimits } from './zip.js';

const headers = ['学号', '姓名', '班级'];

async function sheet(rows: (string | number | boolean)[][]) {
  return writeWorkbook([{ name: 'S', columns: headers.map((header) => ({ header })), rows }]);
}

async function refusal(p: Promise<unknown>): Promise<SheetTooLarge> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SheetTooLarge);
  return e as SheetTooLarge;
}

const limits = (over: Partial<SheetLimits>): SheetLimits => ({ ...DEFAULT_LIMITS, ...over });

describe('reading an uploaded workbook within its limits', () => {
  it('reads shared strings, numbers and booleans as a person typed them', async () => {
    const read = await readFirstSheet(
      await sheet([['2025000001', ' 张三 ', 'C1'], [42, true, 1.5], [], ['2025000003', '', 'C3']]),
      { maxRows: 10 },
    );
    expect(read.headers).toEqual(headers);
    expect(read.rows).toEqual([
      { row: 2, cells: ['2025000001', '张三', 'C1'] },
      { row: 3, cells: ['42', '是', '1.5'] },
      { row: 5, cells: ['2025000003', '', 'C3'] },
    ]);
  });

  it('refuses a shared string that inflates to 50 MB while streaming, whatever the zip declares', async () => {
    const lying = await xlsxBomb({ headers, row: ['1', '', 'C1'], bombColumn: 1, megabytes: 50, lie: true });
    expect(lying.length).toBeLessThan(200 * 1024);
    const before = process.memoryUsage().rss;
    expect((await refusal(readFirstSheet(lying, { maxRows: 10 }))).limit).toBe('cellChars');
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);

    const honest = await xlsxBomb({ headers, row: ['1', '', 'C1'], bombColumn: 1, megabytes: 130 });
    expect(await refusal(readFirstSheet(honest, { maxRows: 10 }))).toMatchObject({
      limit: 'entryBytes',
      max: 128 * 1024 * 1024,
    });
  });

  it('refuses past each limit: entry bytes and ratio while inflating, cells, row width, rows and text', async () => {
    const bomb = await xlsxBomb({ headers, row: ['1', '', 'C1'], bombColumn: 1, megabytes: 3, lie: true });
    const big = limits({ cellChars: 10_000_000, ratio: 1e9 });
    expect(
      (await refusal(readFirstSheet(bomb, { maxRows: 10, limits: { ...big, entryBytes: 2_000_000 } }))).limit,
    ).toBe('entryBytes');
    expect((await refusal(readFirstSheet(bomb, { maxRows: 10, limits: { ...big, ratio: 100 } }))).limit).toBe(
      'ratio',
    );
    expect(
      (await refusal(readFirstSheet(bomb, { maxRows: 10, limits: { ...big, totalBytes: 1_000_000 } }))).limit,
    ).toBe('totalBytes');

    const rows = Array.from({ length: 50 }, (_, i) => [String(i), `名${i}`, 'C1']);
    const ok = await sheet(rows);
    const cases: [Partial<SheetLimits>, keyof SheetLimits][] = [
      [{ cellChars: 1 }, 'cellChars'],
      [{ cellsPerRow: 2 }, 'cellsPerRow'],
      [{ cells: 100 }, 'cells'],
      [{ rows: 20 }, 'rows'],
      [{ textChars: 200 }, 'textChars'],
    ];
    for (const [over, limit] of cases)
      expect((await refusal(readFirstSheet(ok, { maxRows: 100, limits: limits(over) }))).limit).toBe(limit);
    expect((await readFirstSheet(ok, { maxRows: 100 })).rows).toHaveLength(50);
  });
});

describe('reading in a worker thread', () => {
  it('returns the rows, and a worker out of its heap fails the read without taking the process down', async () => {
    const ok = await sheet([['1', '甲', 'C1']]);
    expect((await readSheetIsolated(ok, { maxRows: 10 })).rows).toEqual([
      { row: 2, cells: ['1', '甲', 'C1'] },
    ]);

    const bomb = await xlsxBomb({ headers, row: ['1', '', 'C1'], bombColumn: 1, megabytes: 100, lie: true });
    const unbounded = limits({
      cellChars: 1e9,
      textChars: 1e9,
      entryBytes: 1e9,
      totalBytes: 1e9,
      ratio: 1e9,
    });
    const e = await readSheetIsolated(bomb, { maxRows: 10, limits: unbounded, memoryMb: 32 }).catch(
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(ThreadFailed);
    expect((e as ThreadFailed).reason).toBe('memory');
  }, 60_000);
});
