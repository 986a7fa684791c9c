import { authorize, type Actor } from '../access/index.js';
import { tr } from '../i18n.js';
import { importerOf, type ImportRow, type ImportsContext } from './imports.context.js';
import { EXAMPLE_MARK, exampleOf, writeWorkbook } from './xlsx.js';

/**
 * The blank template: Chinese headers, text-formatted columns, one example row (marked, in grey;
 * imports skip it), and a sheet of notes.
 */
export async function template(
  c: ImportsContext,
  actor: Actor,
  kind: string,
): Promise<{ name: string; data: Buffer }> {
  const imp = importerOf(c, kind);
  authorize(actor, imp.permission);
  const data = await writeWorkbook([
    {
      name: imp.title.zh,
      columns: imp.columns.map((col) => ({ header: col.header, width: col.width, text: true })),
      rows: [],
      example: imp.columns.map((col, i) =>
        i === 0 ? `${EXAMPLE_MARK}：${exampleOf(col)}`.replace(/：$/, '') : exampleOf(col),
      ),
    },
    {
      name: '填写说明',
      columns: [
        { header: '列', width: 16 },
        { header: '必填', width: 8 },
        { header: '说明', width: 60 },
      ],
      rows: [
        ...imp.columns.map((col) => [col.header, col.required ? '是' : '否', col.note ?? '']),
        [EXAMPLE_MARK, '', `第 2 行是示例，导入时跳过；请从第 3 行起填写，或直接覆盖示例行。`],
      ],
    },
  ]);
  return { name: `${imp.title.zh}导入模板.xlsx`, data };
}

/** The problems as a workbook a clerk can fix the sheet from. */
export async function problemsWorkbook(actor: Actor, row: ImportRow) {
  const lang = actor.lang;
  const data = await writeWorkbook([
    {
      name: lang === 'en-US' ? 'Problems' : '问题清单',
      columns: (lang === 'en-US'
        ? ['Row', 'Column', 'Value', 'Problem']
        : ['行号', '列', '填写内容', '问题']
      ).map((header, i) => ({ header, width: [8, 16, 24, 50][i] })),
      rows: (row.problems ?? []).map((p) => [p.row, p.column, p.value, tr(p.reason, lang)]),
    },
  ]);
  return { name: `${row.fileName.replace(/\.xlsx$/i, '')}-问题清单.xlsx`, data };
}
