import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Reading the PDFs the server makes (pdfkit, Noto Sans SC embedded) the way a viewer does, with
 * pdf.js: their text in Node, and a page drawn in Chromium for a screenshot.
 */

/** node_modules/pdfjs-dist/, with a trailing slash (pdf.js joins file names onto its URLs). */
const PDFJS_DIR = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')) + path.sep;

/**
 * The text of each page: pdf.js' text items joined as they come (a string is often split into
 * several items), with a line break where pdf.js sees a line end. Chinese comes out as characters
 * because pdfkit writes a ToUnicode map for the font subset it embeds.
 */
export async function pdfText(data: Buffer | Uint8Array): Promise<string[]> {
  // the legacy build is the one for Node; imported here so a test that reads no PDF loads none of it
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({
    // a copy: pdf.js may take over (detach) the buffer it is given
    data: new Uint8Array(data),
    isEvalSupported: false,
    // only for PDFs that name a standard or predefined-CMap font without embedding it; ours embed
    cMapUrl: path.join(PDFJS_DIR, 'cmaps') + path.sep,
    cMapPacked: true,
    standardFontDataUrl: path.join(PDFJS_DIR, 'standard_fonts') + path.sep,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      pages.push(
        content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''),
      );
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** The text without any whitespace, to match across the line breaks and spaces layout adds. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

/** Whether the PDF's text has `needle` anywhere, whitespace ignored on both sides. */
export async function pdfHasText(data: Buffer | Uint8Array, needle: string): Promise<boolean> {
  return squash((await pdfText(data)).join('')).includes(squash(needle));
}

// Served to the page under this origin by page.route, never fetched from any network.
const ORIGIN = 'http://pdfjs.localhost';

// The renderer page: pdf.js' browser build with its worker, both from node_modules.
const RENDERER = `<!doctype html>
<html><head><meta charset="utf-8"><style>body { margin: 0; background: #fff }</style></head>
<body><canvas></canvas>
<script type="module">
  import * as pdfjs from '/pdfjs/build/pdf.min.mjs';
  pdfjs.GlobalWorkerOptions.workerSrc = '/pdfjs/build/pdf.worker.min.mjs';
  window.renderPdf = async (pageNumber, scale) => {
    const doc = await pdfjs.getDocument({
      url: '/document.pdf',
      isEvalSupported: false,
      cMapUrl: '/pdfjs/cmaps/',
      cMapPacked: true,
      standardFontDataUrl: '/pdfjs/standard_fonts/',
      wasmUrl: '/pdfjs/wasm/',
    }).promise;
    try {
      const page = await doc.getPage(pageNumber);
      const viewport = page.getViewport({ scale });
      const canvas = document.querySelector('canvas');
      canvas.width = Math.ceil(viewport.width);
      canvas.height = Math.ceil(viewport.height);
      await page.render({ canvas, viewport }).promise;
      return { pages: doc.numPages, width: canvas.width, height: canvas.height, png: canvas.toDataURL('image/png') };
    } finally {
      await doc.destroy();
    }
  };
</script></body></html>`;

const MIME: Record<string, string> = {
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

export interface PdfPageImage {
  /** pages in the document */
  pages: number;
  /** the PNG's size in pixels */
  width: number;
  height: number;
}

/**
 * Draws a page of the PDF (the first unless told) with pdf.js in the given Playwright page and
 * writes the canvas as a PNG to outFile. The page is taken over: it is routed to a renderer page
 * served from node_modules, so give it one of its own (harness.newPage()).
 */
export async function pdfPageToPng(
  page: Page,
  data: Buffer | Uint8Array,
  outFile: string,
  opts: { pageNumber?: number; scale?: number } = {},
): Promise<PdfPageImage> {
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/') {
      return route.fulfill({ contentType: 'text/html; charset=utf-8', body: RENDERER });
    }
    if (url.pathname === '/document.pdf') {
      return route.fulfill({ contentType: 'application/pdf', body: Buffer.from(data) });
    }
    const rel = url.pathname.startsWith('/pdfjs/')
      ? path.normalize(url.pathname.slice('/pdfjs/'.length))
      : '';
    const file = path.join(PDFJS_DIR, rel);
    if (!rel || rel.startsWith('..') || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return route.fulfill({ status: 404, body: 'not found' });
    }
    return route.fulfill({
      contentType: MIME[path.extname(file)] ?? 'application/octet-stream',
      body: fs.readFileSync(file),
    });
  });
  try {
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction('typeof window.renderPdf === "function"');
    const out = await page.evaluate<PdfPageImage & { png: string }>(
      `window.renderPdf(${JSON.stringify(opts.pageNumber ?? 1)}, ${JSON.stringify(opts.scale ?? 1.5)})`,
    );
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(outFile, Buffer.from(out.png.slice(out.png.indexOf(',') + 1), 'base64'));
    return { pages: out.pages, width: out.width, height: out.height };
  } finally {
    await page.unroute(`${ORIGIN}/**`);
  }
}
