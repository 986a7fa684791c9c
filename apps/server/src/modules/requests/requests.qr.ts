import QRCode from 'qrcode';
import { MM, newPdf, NoPdfFont } from '../../kernel/pdf/index.js';
import { requestErrors } from './requests.errors.js';

/** What one sheet of QR codes shows: a building, then each of its rooms. */
export interface QrSheet {
  schoolName: string;
  building: { id: string; name: string; code: string };
  places: { id: string; name: string; code: string; kind: string }[];
}

/** The link a code opens: the phone form with the place filled in. */
export function reportLink(base: string, placeId: string): string {
  return `${base.replace(/\/+$/, '')}/m/#/report?place=${placeId}`;
}

/**
 * An A4 PDF, 3 × 4 codes a page, each labelled with the place and its code, to print and post
 * by the doors. Codes are drawn as vector squares (crisp at any printer resolution).
 */
export async function qrSheetPdf(sheet: QrSheet, base: string, font?: string): Promise<Buffer> {
  let pdf: ReturnType<typeof newPdf>;
  try {
    pdf = newPdf({ title: `${sheet.building.name} 报事二维码`, font });
  } catch (e) {
    if (e instanceof NoPdfFont) throw requestErrors.noPdfFont({ reason: e.message });
    throw e;
  }
  const { doc } = pdf;

  const cols = 3;
  const rowsPerPage = 4;
  const cellW = (210 - 20) / cols;
  const cellH = (297 - 30) / rowsPerPage;
  const qrSize = 44;
  sheet.places.forEach((p, i) => {
    const onPage = i % (cols * rowsPerPage);
    if (i > 0 && onPage === 0) doc.addPage();
    if (onPage === 0) {
      doc.fontSize(11).fillColor('#333333');
      doc.text(
        `${sheet.schoolName} · ${sheet.building.name}（${sheet.building.code}）扫码报事 · 接诉即办`,
        10 * MM,
        8 * MM,
        {
          width: 190 * MM,
          align: 'center',
        },
      );
    }
    const col = onPage % cols;
    const row = Math.floor(onPage / cols);
    const x = (10 + col * cellW) * MM;
    const y = (20 + row * cellH) * MM;
    doc
      .lineWidth(0.5)
      .strokeColor('#bbbbbb')
      .dash(3, { space: 3 })
      .rect(x, y, cellW * MM, (cellH - 3) * MM)
      .stroke()
      .undash();
    const qr = QRCode.create(reportLink(base, p.id), { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    const quiet = 2;
    const cell = (qrSize * MM) / (n + 2 * quiet);
    const qx = x + ((cellW - qrSize) / 2) * MM;
    const qy = y + 4 * MM;
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++)
        if (qr.modules.get(r, c))
          doc.rect(qx + (c + quiet) * cell, qy + (r + quiet) * cell, cell + 0.01, cell + 0.01);
    doc.fillColor('#000000').fill();
    doc.fontSize(12).fillColor('#000000');
    doc.text(p.name, x, qy + (qrSize + 1) * MM, { width: cellW * MM, align: 'center' });
    doc.fontSize(8).fillColor('#555555');
    doc.text(`${p.code} · 报修 · 投诉 · 求助`, x, qy + (qrSize + 7) * MM, {
      width: cellW * MM,
      align: 'center',
    });
  });
  if (!sheet.places.length) doc.fontSize(12).text('该楼宇没有房间', 20 * MM, 20 * MM);
  doc.end();
  return pdf.bytes;
}
