import ExcelJS from 'exceljs';

/** The students import template's headers, in the template's order. */
export const STUDENT_HEADERS = ['学号', '姓名', '性别', '班级', '手机号', '身份证号'] as const;

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彩春菊凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽';

export interface StudentsSheetOptions {
  rows: number;
  /** Class org codes (DYVTC-C03-2401 …); students are spread over them round-robin. */
  classCodes: string[];
  /** Prefix of the generated student numbers, which must not collide with existing ones. */
  numberPrefix: string;
  seed?: number;
}

/** mulberry32: a small deterministic PRNG, so every run imports the same sheet. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** GB 11643 check digit (same rule as makeNationalId in apps/server/src/modules/people/people.model.ts). */
export function nationalId(body17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((s, wi, i) => s + wi * Number(body17[i]), 0);
  return body17 + '10X98765432'[sum % 11]!;
}

/**
 * Write a students sheet as a school's registrar would: one header row with the template's
 * Chinese headers, then `rows` new students with valid 18-character IDs (stored as text),
 * 11-digit mobile numbers and real class codes.
 */
export async function writeStudentsSheet(file: string, opts: StudentsSheetOptions): Promise<void> {
  if (opts.classCodes.length === 0) throw new Error('no class codes to put students in');
  const rnd = prng(opts.seed ?? 20_000);
  const pick = (s: string) => s[Math.floor(rnd() * s.length)]!;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'anxiao bench';
  const ws = wb.addWorksheet('学生', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = STUDENT_HEADERS.map((header) => ({
    header,
    width: 18,
    // Text columns, as the template asks: Excel would otherwise turn IDs into 3.70502E+17.
    style: header === '学号' || header === '手机号' || header === '身份证号' ? { numFmt: '@' } : {},
  }));
  ws.getRow(1).font = { bold: true };
  const width = String(opts.rows).length;
  for (let i = 0; i < opts.rows; i++) {
    const year = 2004 + Math.floor(rnd() * 4);
    const month = String(1 + Math.floor(rnd() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(rnd() * 28)).padStart(2, '0');
    const seq = String(i % 1000).padStart(3, '0');
    ws.addRow([
      `${opts.numberPrefix}${String(i + 1).padStart(width, '0')}`,
      pick(SURNAMES) + pick(GIVEN) + (rnd() < 0.6 ? pick(GIVEN) : ''),
      rnd() < 0.5 ? '男' : '女',
      opts.classCodes[i % opts.classCodes.length]!,
      `1${3 + Math.floor(rnd() * 6)}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`,
      nationalId(`370502${year}${month}${day}${seq}`),
    ]);
  }
  await wb.xlsx.writeFile(file);
}
