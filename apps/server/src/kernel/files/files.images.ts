import sharp from 'sharp';

// Photos pass through once; libvips' operation cache would only hold memory.
sharp.cache(false);

/**
 * Decode an image and encode it anew as JPEG: what is not a real image fails here, a decoded
 * size past `maxPixels` is refused before it is allocated, and nothing of the original's
 * metadata (EXIF location of whoever took it, camera serials) is carried over. Orientation is
 * applied to the pixels, since the tag that held it is dropped.
 */
export async function reencodeImage(
  data: Buffer,
  limits: { maxPixels: number; maxEdge: number },
): Promise<Buffer | null> {
  try {
    return await sharp(data, { limitInputPixels: limits.maxPixels, failOn: 'error' })
      .rotate()
      .resize({ width: limits.maxEdge, height: limits.maxEdge, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82 })
      .toBuffer();
  } catch {
    return null;
  }
}

/**
 * A PNG drawn on a phone (a checklist's signature): decoded in full within `maxPixels`, so what
 * a document later draws is a real PNG. Its size, or null when it is not one.
 */
export async function pngSize(
  data: Buffer,
  maxPixels: number,
): Promise<{ width: number; height: number } | null> {
  try {
    const image = sharp(data, { limitInputPixels: maxPixels, failOn: 'error' });
    const meta = await image.metadata();
    if (meta.format !== 'png' || !meta.width || !meta.height) return null;
    await image.raw().toBuffer();
    return { width: meta.width, height: meta.height };
  } catch {
    return null;
  }
}
