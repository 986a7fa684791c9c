// The phone app's icons, drawn at build time: a white shield on the theme blue, written as PNG with
// node's zlib (no image files in the repository, no image library).
import zlib from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Whether (x, y), in units of the icon's side (0..1), lies on the shield. */
function onShield(x, y) {
  const top = 0.22;
  const shoulder = 0.42;
  const bottom = 0.8;
  const half = 0.26;
  if (y < top || y > bottom) return false;
  const dx = Math.abs(x - 0.5);
  // Straight sides from the flat top, then a curve to the point at the bottom.
  if (y < shoulder) return dx <= half;
  const t = (y - shoulder) / (bottom - shoulder);
  return dx <= half * Math.sqrt(1 - t * t);
}

/** Whether (x, y) lies on the check mark inside the shield. */
function onCheck(x, y) {
  const seg = (ax, ay, bx, by, w) => {
    const vx = bx - ax;
    const vy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
    return Math.hypot(x - (ax + t * vx), y - (ay + t * vy)) <= w;
  };
  return seg(0.39, 0.49, 0.47, 0.57, 0.035) || seg(0.47, 0.57, 0.62, 0.4, 0.035);
}

/** A square PNG of `size` pixels. */
export function shieldIcon(size) {
  const blue = [0x16, 0x77, 0xff];
  const white = [0xff, 0xff, 0xff];
  const rows = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / size;
      const y = (py + 0.5) / size;
      const colour = onShield(x, y) && !onCheck(x, y) ? white : blue;
      row.set(colour, 1 + px * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
