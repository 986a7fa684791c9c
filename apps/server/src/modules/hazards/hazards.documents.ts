import { chinaDate } from '../../kernel/calendar/index.js';
import { chinaDateTime } from '../../kernel/clock.js';
import { MM, newPdf, NoPdfFont } from '../../kernel/pdf/index.js';
import { writeWorkbook } from '../../kernel/sheets/index.js';
import { hazardErrors } from './hazards.errors.js';
import { GRADE_LABELS, sourceText } from './hazards.sheets.js';
import type { HazardGrade } from './hazards.model.js';

/** 2026年11月30日 */
const longDate = (d: Date) => {
  const [y, m, day] = chinaDate(d).split('-');
  return `${y}年${Number(m)}月${Number(day)}日`;
};

function open(title: string, font?: string) {
  try {
    return newPdf({ title, font, margin: 20 * MM });
  } catch (e) {
    if (e instanceof NoPdfFont) throw hazardErrors.noPdfFont({ reason: e.message });
    throw e;
  }
}

export interface NoticeInput {
  no: string;
  noticeNo: string;
  noticeAt: Date;
  schoolName: string;
  title: string;
  description: string;
  domainName: string;
  gradeName: string;
  grade: HazardGrade;
  placeName: string | null;
  address: string | null;
  /** a checklist's hazard: the task and the item it failed */
  sourceTask?: string | null;
  sourceItem?: string | null;
  foundAt: Date;
  foundByName: string;
  deadline: Date;
  unit: { name: string } | null;
  /** the signature of the checklist it was found by: the typed name, the drawn PNG */
  signature?: { name: string | null; png: Uint8Array | null } | null;
}

/**
 * 隐患整改通知书: the school's name, the notice's number, the unit it goes to, the findings, the
 * deadline and what the unit must do (the 五定; interim controls for a major hazard), and the
 * signature lines for the inspector, the unit's head and the date of receipt.
 */
export async function noticePdf(h: NoticeInput, font?: string): Promise<Buffer> {
  const { doc, bytes } = open(`隐患整改通知书 ${h.no}`, font);
  const width = 170 * MM;
  const left = 20 * MM;
  const [year, n] = h.noticeNo.split('-');
  doc.fontSize(13).fillColor('#b00000').text(h.schoolName, { align: 'center', width });
  doc.moveDown(0.3);
  doc
    .fontSize(22)
    .fillColor('#000000')
    .text('隐患整改通知书', { align: 'center', width, characterSpacing: 4 });
  doc.moveDown(0.3);
  doc.fontSize(11).text(`安整〔${year}〕第${Number(n)}号`, { align: 'center', width });
  doc.moveDown(0.4);
  const y0 = doc.y;
  doc
    .moveTo(left, y0)
    .lineTo(left + width, y0)
    .lineWidth(1.2)
    .strokeColor('#b00000')
    .stroke();
  doc.moveDown(1);

  doc.fontSize(12).fillColor('#000000');
  doc.text(`${h.unit?.name ?? '（责任单位）'}：`, { width });
  doc.moveDown(0.5);
  doc.text(
    `\u3000\u3000${longDate(h.foundAt)}，经${h.foundByName}检查，你单位（部门）存在以下安全隐患，现通知你单位（部门）按要求限期整改：`,
    { width, lineGap: 4 },
  );
  doc.moveDown(0.6);

  // The findings, as a small table.
  const rows: [string, string][] = [
    ['隐患编号', h.no],
    ['隐患名称', h.title],
    ['风险领域', h.domainName],
    ['隐患等级', `${h.gradeName}隐患`],
    ['隐患位置', h.placeName ?? h.address ?? '—'],
    ...(h.sourceTask ? [['来源任务', sourceText(h.sourceTask, h.sourceItem)] as [string, string]] : []),
    ['隐患描述', h.description || '—'],
    ['整改期限', `${longDate(h.deadline)}前（${chinaDateTime(h.deadline).slice(11, 16)}）`],
  ];
  const labelW = 28 * MM;
  doc.fontSize(11);
  for (const [label, value] of rows) {
    const top = doc.y;
    const h1 = Math.max(doc.heightOfString(value, { width: width - labelW - 6 * MM }), 14) + 8;
    doc.rect(left, top, labelW, h1).fillAndStroke('#f3f3f3', '#999999');
    doc.rect(left + labelW, top, width - labelW, h1).stroke('#999999');
    doc.fillColor('#000000').text(label, left + 3 * MM, top + 4, { width: labelW - 6 * MM });
    doc.text(value, left + labelW + 3 * MM, top + 4, { width: width - labelW - 6 * MM });
    doc.x = left;
    doc.y = top + h1;
  }
  doc.moveDown(1);

  doc.fontSize(12);
  const asks = [
    '一、接到本通知后，请立即组织整改，落实“五定”：定整改责任人、定整改措施、定整改资金、定整改时限、定应急预案，并在系统中填报。',
    h.grade === 'major'
      ? '二、本隐患为重大隐患，已挂牌督办。整改完成前必须采取设置警示标志、隔离围挡、停用等临时管控措施，确保安全。'
      : '二、整改期间应采取必要的防范措施，防止发生安全事故。',
    '三、整改过程中请上传整改前、整改后照片；整改完成后提请复查验收，验收合格后予以销号。',
    '四、逾期未整改或整改不到位的，将予以通报并挂牌督办，依规追究相关责任。',
  ];
  for (const a of asks) {
    doc.text(a, { width, lineGap: 4 });
    doc.moveDown(0.3);
  }
  doc.moveDown(1.2);

  // Signature lines.
  const sigY = doc.y;
  doc.fontSize(12);
  inspectorSignature(doc, h.signature ?? null, left, sigY, width / 2);
  doc.text('被检查单位负责人（签字）：________', left + width / 2, sigY, { width: width / 2 });
  doc.text('日期：______年____月____日', left, sigY + 28, { width: width / 2 });
  doc.text('签收日期：______年____月____日', left + width / 2, sigY + 28, { width: width / 2 });
  doc.moveDown(3);
  doc.text(`${h.schoolName}安全管理部门（盖章）`, left, doc.y, { width, align: 'right' });
  doc.moveDown(0.3);
  doc.text(longDate(h.noticeAt), { width, align: 'right' });
  doc.moveDown(1.5);
  doc
    .fontSize(9)
    .fillColor('#666666')
    .text('本通知书一式两份，检查单位与被检查单位各执一份。', { width, align: 'center' });
  doc.end();
  return bytes;
}

/**
 * 检查人（签字）: the checklist's drawn signature when there is one (a broken image falls back on
 * the typed name), else the typed name, else the line to sign on paper.
 */
function inspectorSignature(
  doc: ReturnType<typeof newPdf>['doc'],
  signature: { name: string | null; png: Uint8Array | null } | null,
  x: number,
  y: number,
  width: number,
) {
  const label = '检查人（签字）：';
  if (signature?.png) {
    try {
      const at = x + doc.widthOfString(label);
      doc.image(Buffer.from(signature.png), at, y - 12 * MM * 0.4, { fit: [36 * MM, 12 * MM] });
      doc.text(label, x, y, { width });
      return;
    } catch {
      // not drawable: the typed name below
    }
  }
  doc.text(`${label}${signature?.name ?? '____________'}`, x, y, { width });
}

/** The figures of a month as the report shows them. */
export interface MonthlyFigures {
  schoolName: string;
  month: string;
  found: number;
  closed: number;
  closedOnTime: number;
  rectificationRate: number | null;
  overdueOpen: number;
  closedLate: number;
  supervised: number;
  repeats: number;
  openAtEnd: number;
  byDomain: { label: string; general: number; serious: number; major: number; total: number }[];
  byOrigin: { label: string; total: number }[];
  repeatList: { no: string; title: string; placeName: string | null }[];
  overdueList: { no: string; title: string; grade: HazardGrade; deadline: Date; unit: string }[];
}

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/** 隐患排查整改月报 (PDF): the summary, counts by domain and grade, overdue and repeat hazards. */
export async function monthlyPdf(f: MonthlyFigures, font?: string): Promise<Buffer> {
  const { doc, bytes } = open(`${f.schoolName} ${f.month} 隐患排查整改月报`, font);
  const width = 170 * MM;
  const left = 20 * MM;
  const [y, m] = f.month.split('-');
  doc.fontSize(18).text(`${f.schoolName}`, { align: 'center', width });
  doc.fontSize(16).text(`${y}年${Number(m)}月 安全隐患排查整改月报`, { align: 'center', width });
  doc.moveDown(1);
  doc
    .fontSize(12)
    .text(
      `\u3000\u3000本月共排查发现安全隐患 ${f.found} 处，本月销号 ${f.closed} 处（按期 ${f.closedOnTime} 处，逾期 ${f.closedLate} 处），` +
        `本月隐患整改率 ${pct(f.rectificationRate)}。月末尚未销号 ${f.openAtEnd} 处，其中逾期未整改 ${f.overdueOpen} 处；` +
        `挂牌督办 ${f.supervised} 处；重复发生隐患 ${f.repeats} 处。`,
      { width, lineGap: 4 },
    );
  doc.moveDown(1);

  const table = (head: string[], widths: number[], body: string[][]) => {
    const draw = (cells: string[], bold: boolean) => {
      const top = doc.y;
      const hgt =
        Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! * MM - 4 })), 12) + 6;
      if (top + hgt > 277 * MM) doc.addPage();
      const t = doc.y;
      let x = left;
      cells.forEach((c, i) => {
        const w = widths[i]! * MM;
        if (bold) doc.rect(x, t, w, hgt).fillAndStroke('#eeeeee', '#999999');
        else doc.rect(x, t, w, hgt).stroke('#999999');
        doc.fillColor('#000000').text(c, x + 2, t + 3, { width: w - 4, align: i === 0 ? 'left' : 'center' });
        x += w;
      });
      doc.x = left;
      doc.y = t + hgt;
    };
    doc.fontSize(10);
    draw(head, true);
    for (const r of body) draw(r, false);
    doc.moveDown(1);
  };

  doc.fontSize(13).text('一、隐患分布（按风险领域与等级）', { width });
  doc.moveDown(0.4);
  const domains = f.byDomain.filter((d) => d.total > 0);
  table(
    ['风险领域', '一般', '较大', '重大', '合计'],
    [58, 28, 28, 28, 28],
    [
      ...domains.map((d) => [
        d.label,
        String(d.general),
        String(d.serious),
        String(d.major),
        String(d.total),
      ]),
      [
        '合计',
        String(f.byDomain.reduce((s, d) => s + d.general, 0)),
        String(f.byDomain.reduce((s, d) => s + d.serious, 0)),
        String(f.byDomain.reduce((s, d) => s + d.major, 0)),
        String(f.found),
      ],
    ],
  );
  doc.fontSize(13).text('二、隐患来源', { width });
  doc.moveDown(0.4);
  table(
    ['来源', '数量'],
    [120, 50],
    f.byOrigin.map((o) => [o.label, String(o.total)]),
  );
  doc.fontSize(13).text('三、逾期未整改隐患', { width });
  doc.moveDown(0.4);
  if (f.overdueList.length)
    table(
      ['编号', '隐患', '等级', '整改期限', '责任单位'],
      [34, 58, 16, 26, 36],
      f.overdueList.map((o) => [o.no, o.title, GRADE_LABELS[o.grade], chinaDate(o.deadline), o.unit]),
    );
  else doc.fontSize(11).text('无。', { width }).moveDown(1);
  doc.fontSize(13).text('四、重复发生隐患', { width });
  doc.moveDown(0.4);
  if (f.repeatList.length)
    table(
      ['编号', '隐患', '位置'],
      [40, 80, 50],
      f.repeatList.map((o) => [o.no, o.title, o.placeName ?? '—']),
    );
  else doc.fontSize(11).text('无。', { width }).moveDown(1);
  doc.moveDown(1);
  doc.fontSize(11).text(`填报单位：${f.schoolName}（盖章）\u3000\u3000\u3000\u3000填报日期：________`, {
    width,
    align: 'right',
  });
  doc.end();
  return bytes;
}

/** The same month as xlsx: the summary, by domain and grade, overdue and repeat hazards. */
export function monthlySheets(f: MonthlyFigures): Promise<Buffer> {
  return writeWorkbook([
    {
      name: '月报汇总',
      columns: [
        { header: '项目', width: 22 },
        { header: '数值', width: 14 },
      ],
      rows: [
        ['学校', f.schoolName],
        ['月份', f.month],
        ['排查发现隐患（处）', f.found],
        ['本月销号（处）', f.closed],
        ['其中按期销号（处）', f.closedOnTime],
        ['其中逾期销号（处）', f.closedLate],
        ['本月隐患整改率', pct(f.rectificationRate)],
        ['月末未销号（处）', f.openAtEnd],
        ['逾期未整改（处）', f.overdueOpen],
        ['挂牌督办（处）', f.supervised],
        ['重复发生（处）', f.repeats],
      ],
    },
    {
      name: '按领域与等级',
      columns: [
        { header: '风险领域', width: 16 },
        { header: '一般', width: 8 },
        { header: '较大', width: 8 },
        { header: '重大', width: 8 },
        { header: '合计', width: 8 },
      ],
      rows: f.byDomain.map((d) => [d.label, d.general, d.serious, d.major, d.total]),
    },
    {
      name: '逾期未整改',
      columns: [
        { header: '编号', width: 18, text: true },
        { header: '隐患', width: 36 },
        { header: '等级', width: 8 },
        { header: '整改期限', width: 12 },
        { header: '责任单位', width: 18 },
      ],
      rows: f.overdueList.map((o) => [o.no, o.title, GRADE_LABELS[o.grade], chinaDate(o.deadline), o.unit]),
    },
    {
      name: '重复发生',
      columns: [
        { header: '编号', width: 18, text: true },
        { header: '隐患', width: 36 },
        { header: '位置', width: 20 },
      ],
      rows: f.repeatList.map((o) => [o.no, o.title, o.placeName ?? '']),
    },
  ]);
}
