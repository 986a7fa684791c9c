import fs from 'node:fs';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import PDFDocument from 'pdfkit';

/**
 * PDFs with Chinese text (QR sheets, rectification notices): pdfkit with a CJK font. The font is
 * Noto Sans SC's simplified-Chinese set (with Latin and digits) from its npm package, or one the
 * operator names (PDF_FONT; formerly REQUESTS_PDF_FONT). The package ships it as WOFF; it is unpacked once to OpenType here with Node's
 * own zlib, since fontkit's pure-JS inflate made every PDF take seconds.
 */

const BUNDLED = '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff';
const fonts = new Map<string, Buffer>();

export class NoPdfFont extends Error {}

/** WOFF 1.0 → sfnt: the same tables, each inflated where it was compressed. */
export function woffToSfnt(w: Buffer): Buffer {
  if (w.readUInt32BE(0) !== 0x774f4646) return w; // already TrueType/OpenType
  const flavor = w.readUInt32BE(4);
  const numTables = w.readUInt16BE(12);
  const tables: { tag: number; sum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const o = 44 + i * 20;
    const off = w.readUInt32BE(o + 4);
    const comp = w.readUInt32BE(o + 8);
    const orig = w.readUInt32BE(o + 12);
    const raw = w.subarray(off, off + comp);
    tables.push({
      tag: w.readUInt32BE(o),
      sum: w.readUInt32BE(o + 16),
      data: comp < orig ? zlib.inflateSync(raw) : raw,
    });
  }
  const pad = (n: number) => (n + 3) & ~3;
  const out = Buffer.alloc(12 + 16 * numTables + tables.reduce((s, t) => s + pad(t.data.length), 0));
  let pow = 1;
  let log = 0;
  while (pow * 2 <= numTables) [pow, log] = [pow * 2, log + 1];
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(pow * 16, 6);
  out.writeUInt16BE(log, 8);
  out.writeUInt16BE(numTables * 16 - pow * 16, 10);
  let at = 12 + 16 * numTables;
  tables.forEach((t, i) => {
    const o = 12 + i * 16;
    out.writeUInt32BE(t.tag, o);
    out.writeUInt32BE(t.sum, o + 4);
    out.writeUInt32BE(at, o + 8);
    out.writeUInt32BE(t.data.length, o + 12);
    t.data.copy(out, at);
    at += pad(t.data.length);
  });
  return out;
}

/** The CJK font's bytes (cached): the configured file, or the bundled Noto Sans SC. */
export function cjkFont(configured?: string): Buffer {
  const key = configured ?? BUNDLED;
  const cached = fonts.get(key);
  if (cached) return cached;
  let file = configured;
  if (!file) {
    try {
      file = createRequire(import.meta.url).resolve(BUNDLED);
    } catch {
      throw new NoPdfFont('the bundled font package is not installed');
    }
  }
  if (!fs.existsSync(file)) throw new NoPdfFont(`no font at ${file}`);
  const font = woffToSfnt(fs.readFileSync(file));
  fonts.set(key, font);
  return font;
}

/** A new A4 document with the CJK font selected, and a promise of its bytes once ended. */
export function newPdf(opts: { title: string; font?: string | undefined; margin?: number }) {
  const doc = new PDFDocument({
    size: 'A4',
    margin: opts.margin ?? 0,
    info: { Title: opts.title, Author: 'anxiao' },
  });
  doc.registerFont('cjk', cjkFont(opts.font));
  doc.font('cjk');
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, bytes };
}

/** Millimetres in PDF points. */
export const MM = 72 / 25.4;
