#!/usr/bin/env node
// Writes a brotli (quality 11) and a gzip (level 9) copy beside each compressible file a web build
// made (`dist/assets/index-HZSGEaix.js` → `.js.br`, `.js.gz`), so the server sends them as they
// are instead of the full file (apps/server/src/app/http.ts, preCompressed). A copy no smaller
// than the file is not written. Usage: node scripts/compress-dist.mjs <dist dir>...
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

/** Text formats worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|map|txt|wasm)$/;

/** Every file under dir, recursively. */
function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

/** Compresses the files of one build; returns what was written, for the log. */
export function compressDist(dist) {
  const written = [];
  for (const file of walk(dist)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const raw = fs.readFileSync(file);
    const br = zlib.brotliCompressSync(raw, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      },
    });
    const gz = zlib.gzipSync(raw, { level: 9 });
    for (const [ext, bytes] of [
      ['.br', br],
      ['.gz', gz],
    ]) {
      if (bytes.length >= raw.length) continue;
      fs.writeFileSync(file + ext, bytes);
      written.push({ file: path.relative(dist, file) + ext, raw: raw.length, bytes: bytes.length });
    }
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const dist of process.argv.slice(2)) {
    const written = compressDist(dist);
    const br = written.filter((w) => w.file.endsWith('.br'));
    const raw = br.reduce((s, w) => s + w.raw, 0);
    const out = br.reduce((s, w) => s + w.bytes, 0);
    console.log(
      `precompressed ${dist}: ${written.length} files; brotli ${(raw / 1024).toFixed(0)} KB → ${(out / 1024).toFixed(0)} KB`,
    );
  }
}
