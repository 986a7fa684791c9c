import { describe, expect, it } from 'vitest';
import { pdfHasText, pdfText, squash } from '../../../test/support/pdf.js';
import { MM, newPdf } from './index.js';

describe('PDFs with Chinese text', () => {
  it('read back as the characters written, page by page', async () => {
    const { doc, bytes } = newPdf({ title: '隐患整改通知书' });
    doc.fontSize(22).text('隐患整改通知书', 20 * MM, 20 * MM, { align: 'center', width: 170 * MM });
    doc.fontSize(11).text('编号：HZ-2026-0012', 20 * MM, 40 * MM);
    doc.text(
      '经检查，你单位存在以下安全隐患：教学楼二层东侧消防通道被杂物堵塞，应急照明灯损坏。请于收到本通知书之日起七日内整改完毕，并将整改情况书面报告。',
      20 * MM,
      50 * MM,
      { width: 80 * MM },
    );
    doc.addPage();
    doc.text('整改责任人签字：', 20 * MM, 20 * MM);
    doc.end();
    const data = await bytes;

    // pdfkit embeds a subset of the font with a ToUnicode map, so the glyphs map back to text
    expect(data.includes('/ToUnicode')).toBe(true);
    const pages = await pdfText(data);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('隐患整改通知书');
    expect(pages[0]).toContain('编号：HZ-2026-0012');
    // the paragraph wraps over several lines
    expect(pages[0]).not.toContain('应急照明灯损坏。请于收到本通知书之日起七日内整改完毕');
    expect(squash(pages[0]!)).toContain('应急照明灯损坏。请于收到本通知书之日起七日内整改完毕');
    expect(pages[1]).toContain('整改责任人签字：');
    expect(await pdfHasText(data, '消防通道被杂物堵塞')).toBe(true);
    expect(await pdfHasText(data, '隐患已整改')).toBe(false);
  });
});
