import { Readable } from 'node:stream';
import zlib from 'node:zlib';

/**
 * What reading one uploaded workbook may cost. An xlsx is a zip of XML: a few hundred kilobytes
 * can inflate to gigabytes, and one XML text can be a single 400 MB string. Every limit is checked
 * while the bytes stream, before they are kept.
 */
export interface SheetLimits {
  /** inflated bytes of one zip entry */
  entryBytes: number;
  /** inflated bytes of all entries read */
  totalBytes: number;
  /** inflated ÷ compressed size of one entry (checked once past 1 MiB) */
  ratio: number;
  /** entries in the zip */
  entries: number;
  /** characters of one cell (Excel's own limit is 32,767) */
  cellChars: number;
  /** the highest column a row may fill */
  cellsPerRow: number;
  /** cells kept over the whole sheet */
  cells: number;
  /** row elements in the sheet, blank ones included */
  rows: number;
  /** characters kept over the whole sheet (shared strings and cells) */
  textChars: number;
}

export const DEFAULT_LIMITS: SheetLimits = {
  entryBytes: 128 * 1024 * 1024,
  totalBytes: 256 * 1024 * 1024,
  ratio: 200,
  entries: 10_000,
  cellChars: 32_767,
  cellsPerRow: 1_000,
  cells: 5_000_000,
  rows: 1_048_576,
  textChars: 64 * 1024 * 1024,
};

/** The workbook is over one of its limits: which one, and the limit. */
export class SheetTooLarge extends Error {
  constructor(
    readonly limit: keyof SheetLimits,
    readonly max: number,
  ) {
    super(`sheet over its ${limit} limit (${max})`);
    this.name = 'SheetTooLarge';
  }
}

/** Not a zip we can read (damaged, encrypted, zip64, an unknown compression). */
export class SheetUnreadable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SheetUnreadable';
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** as the central directory declares it: checked, but never trusted while inflating */
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * The entries of a zip held in memory, from its central directory. Declared sizes over the limits
 * refuse the file at once; the declared sizes may lie, so inflating counts again.
 */
export function zipEntries(buf: Buffer, limits: SheetLimits): Map<string, ZipEntry> {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new SheetUnreadable('no zip directory');
  const count = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new SheetUnreadable('zip64');
  if (count > limits.entries) throw new SheetTooLarge('entries', limits.entries);
  const out = new Map<string, ZipEntry>();
  let declared = 0;
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw new SheetUnreadable('bad directory');
    const flags = buf.readUInt16LE(p + 8);
    const nameLen = buf.readUInt16LE(p + 28);
    const entry: ZipEntry = {
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      localOffset: buf.readUInt32LE(p + 42),
    };
    if (flags & 1) throw new SheetUnreadable('encrypted');
    if (entry.size > limits.entryBytes) throw new SheetTooLarge('entryBytes', limits.entryBytes);
    declared += entry.size;
    if (declared > limits.totalBytes) throw new SheetTooLarge('totalBytes', limits.totalBytes);
    if (entry.size > 1024 * 1024 && entry.size > entry.compressedSize * limits.ratio)
      throw new SheetTooLarge('ratio', limits.ratio);
    out.set(entry.name, entry);
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return out;
}

/** Counts inflated bytes across the entries of one workbook. */
export class InflateBudget {
  private used = 0;
  constructor(readonly limits: SheetLimits) {}

  add(n: number): void {
    this.used += n;
    if (this.used > this.limits.totalBytes) throw new SheetTooLarge('totalBytes', this.limits.totalBytes);
  }
}

/**
 * The inflated bytes of one entry, chunk by chunk. Stops (and throws SheetTooLarge) as soon as the
 * entry passes its byte or ratio limit or the workbook its total: nothing past the limit is made.
 */
export async function* inflateEntry(
  buf: Buffer,
  entry: ZipEntry,
  budget: InflateBudget,
): AsyncGenerator<Buffer> {
  const { limits } = budget;
  const p = entry.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) throw new SheetUnreadable('bad entry');
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) throw new SheetUnreadable('entry past the end');
  const data = buf.subarray(start, end);
  let out = 0;
  const count = (n: number) => {
    out += n;
    budget.add(n);
    if (out > limits.entryBytes) throw new SheetTooLarge('entryBytes', limits.entryBytes);
    if (out > 1024 * 1024 && out > entry.compressedSize * limits.ratio)
      throw new SheetTooLarge('ratio', limits.ratio);
  };
  if (entry.method === 0) {
    for (let i = 0; i < data.length; i += 64 * 1024) {
      const chunk = data.subarray(i, i + 64 * 1024);
      count(chunk.length);
      yield chunk;
    }
    return;
  }
  if (entry.method !== 8) throw new SheetUnreadable(`compression ${entry.method}`);
  const source = Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += 16 * 1024) yield data.subarray(i, i + 16 * 1024);
    })(),
  );
  const inflate = zlib.createInflateRaw({ chunkSize: 64 * 1024 });
  source.on('error', (e) => inflate.destroy(e));
  source.pipe(inflate);
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      count(chunk.length);
      yield chunk;
    }
  } catch (e) {
    if (e instanceof SheetTooLarge) throw e;
    throw new SheetUnreadable(e instanceof Error ? e.message : String(e));
  } finally {
    source.destroy();
    inflate.destroy();
  }
}
