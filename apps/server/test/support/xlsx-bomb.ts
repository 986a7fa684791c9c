import zlib from 'node:zlib';

/**
 * Hostile workbooks for tests, made here rather than committed: a real xlsx layout whose one shared
 * string inflates to hundreds of megabytes from a few hundred kilobytes.
 */
interface Part {
  name: string;
  /** deflated bytes */
  deflated: Buffer;
  crc: number;
  size: number;
}

function part(name: string, text: string): Part {
  const data = Buffer.from(text, 'utf8');
  return { name, deflated: zlib.deflateRawSync(data), crc: zlib.crc32(data), size: data.length };
}

/** Deflate `head`, then `repeat` × `count`, then `tail`, one megabyte at a time. */
async function streamedPart(
  name: string,
  head: string,
  repeat: Buffer,
  count: number,
  tail: string,
): Promise<Part> {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise((resolve) => deflate.on('end', resolve));
  let crc = 0;
  let size = 0;
  const write = async (b: Buffer) => {
    crc = zlib.crc32(b, crc);
    size += b.length;
    if (!deflate.write(b)) await new Promise((resolve) => deflate.once('drain', resolve));
  };
  await write(Buffer.from(head));
  for (let i = 0; i < count; i++) await write(repeat);
  await write(Buffer.from(tail));
  deflate.end();
  await ended;
  return { name, deflated: Buffer.concat(out), crc, size };
}

/** A zip of the parts; `declaredSize` replaces the true sizes in the headers (a lying zip). */
function zip(parts: Part[], declaredSize?: (p: Part) => number): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const size = declaredSize ? declaredSize(p) : p.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(p.crc >>> 0, 16);
    central.writeUInt32LE(p.deflated.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, p.deflated);
    centrals.push(central, name);
    offset += 30 + name.length + p.deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const NS = 'http://schemas.openxmlformats.org';
const CELL = (ref: string, s: number) => `<c r="${ref}" t="s"><v>${s}</v></c>`;

/**
 * An xlsx whose first sheet has the given headers and one data row, the cell under `bombColumn`
 * being shared string 0: `megabytes` MB of one letter. About 1 KB of zip per MB of text.
 */
export async function xlsxBomb(opts: {
  headers: string[];
  row: string[];
  bombColumn: number;
  megabytes: number;
  /** declare a few bytes in the zip headers instead of the true size */
  lie?: boolean;
}): Promise<Buffer> {
  const texts = [...opts.headers, ...opts.row];
  const col = (i: number) => String.fromCharCode(65 + i);
  const cells = (r: number, values: string[], offset: number) =>
    values.map((_, i) => CELL(`${col(i)}${r}`, i === opts.bombColumn && r === 2 ? 0 : offset + i)).join('');
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="${NS}/spreadsheetml/2006/main"><sheetData><row r="1">${cells(1, opts.headers, 1)}</row><row r="2">${cells(2, opts.row, 1 + opts.headers.length)}</row></sheetData></worksheet>`;
  const strings = texts.map((t) => `<si><t>${t}</t></si>`).join('');
  const parts = [
    part(
      '[Content_Types].xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="${NS}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
    ),
    part(
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    part(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="${NS}/spreadsheetml/2006/main" xmlns:r="${NS}/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    part(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${NS}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ),
    part('xl/worksheets/sheet1.xml', sheet),
    await streamedPart(
      'xl/sharedStrings.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="${NS}/spreadsheetml/2006/main" count="${texts.length + 1}" uniqueCount="${texts.length + 1}"><si><t>`,
      Buffer.alloc(1024 * 1024, 'A'),
      opts.megabytes,
      `</t></si>${strings}</sst>`,
    ),
  ];
  return zip(parts, opts.lie ? (p) => Math.min(p.size, 1000) : undefined);
}
