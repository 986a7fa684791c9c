import type { Importer, RowIssue } from './importer.js';
import { problemValue } from './imports.read.js';
import type { ImportProblem, ImportSummary } from './imports.tables.js';
import type { ReadSheet } from './xlsx-read.js';
import { isExampleRow, type SheetColumn } from './xlsx.js';

const MAX_PROBLEMS = 5_000;
const PROGRESS_EVERY = 1_000;

/**
 * The check of every row (a dry run, and an apply before it writes): parse, find duplicates of the
 * natural key, compare with what is stored. Problems echo masked, clipped values.
 */
export async function checkRows(
  imp: Importer,
  prep: unknown,
  sheet: ReadSheet,
  headerIndex: Map<string, number>,
  progress: (done: number) => Promise<void>,
) {
  const problems: ImportProblem[] = [];
  let problemCount = 0;
  const addProblem = (rowNo: number, issue: RowIssue, cells: Record<string, string>) => {
    problemCount++;
    if (problems.length >= MAX_PROBLEMS) return;
    const col = imp.columns.find((c) => c.key === issue.column);
    problems.push({
      row: rowNo,
      column: col?.header ?? '',
      value: problemValue(col, cells[issue.column] ?? ''),
      reason: issue.reason,
    });
  };
  const summary: ImportSummary = {
    rows: sheet.rows.length,
    create: 0,
    update: 0,
    unchanged: 0,
    invalid: 0,
  };
  const toWrite: unknown[] = [];
  const seen = new Map<string, number>();
  let skipped = 0;
  for (const [i, r] of sheet.rows.entries()) {
    if (isExampleRow(r.cells)) {
      skipped++;
      continue;
    }
    const cells: Record<string, string> = {};
    for (const c of imp.columns) {
      const idx = headerIndex.get(c.key);
      cells[c.key] = idx === undefined ? '' : (r.cells[idx] ?? '');
    }
    const parsed = imp.parse(cells, prep);
    if (!parsed.ok) {
      summary.invalid++;
      for (const iss of parsed.issues) addProblem(r.row, iss, cells);
    } else if (seen.has(parsed.key)) {
      summary.invalid++;
      addProblem(
        r.row,
        {
          column: imp.keyColumn,
          reason: {
            zh: `与第 ${seen.get(parsed.key)} 行重复`,
            en: `same as row ${seen.get(parsed.key)}`,
          },
        },
        cells,
      );
    } else {
      seen.set(parsed.key, r.row);
      const change = imp.compare(parsed.value, prep);
      summary[change]++;
      if (change !== 'unchanged') toWrite.push(parsed.value);
    }
    if ((i + 1) % PROGRESS_EVERY === 0) await progress(i + 1);
  }
  if (skipped) {
    summary.rows -= skipped;
    summary.skipped = skipped;
  }
  return { summary, problems, problemCount, toWrite };
}

/** Column key → index in the sheet, matching the Chinese or English header loosely. */
export function mapHeaders(columns: SheetColumn[], headers: string[]): Map<string, number> {
  const norm = (s: string) =>
    s
      .replace(/[\s*＊]/g, '')
      .replace(/[（(].*[)）]$/, '')
      .toLowerCase();
  const at = new Map<string, number>();
  headers.forEach((h, i) => {
    const n = norm(h);
    const col = columns.find((c) => norm(c.header) === n || norm(c.headerEn) === n);
    if (col && !at.has(col.key)) at.set(col.key, i);
  });
  return at;
}
