import {
  THUMB_QUALITY,
  THUMB_SIDE,
  canSendUndecoded,
  fitWithin,
  planPhoto,
  retryQuality,
  type Size,
} from './photo';

/** A photo ready to upload, and a small thumbnail of it (a data URL, kept with the draft). */
export interface PreparedPhoto {
  blob: Blob;
  /** empty when the page could not draw the photo */
  thumb: string;
}

export class UnreadablePhoto extends Error {
  constructor() {
    super('the photo cannot be read');
    this.name = 'UnreadablePhoto';
  }
}

interface Decoded {
  source: CanvasImageSource;
  size: Size;
  close: () => void;
}

/** Decode a picked file: createImageBitmap where it exists (turned by its EXIF orientation). */
async function decode(file: Blob): Promise<Decoded> {
  if (typeof createImageBitmap === 'function') {
    try {
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return {
        source: bitmap,
        size: { width: bitmap.width, height: bitmap.height },
        close: () => bitmap.close(),
      };
    } catch {
      // Older engines reject the options or the format: try an <img> below.
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return {
      source: img,
      size: { width: img.naturalWidth, height: img.naturalHeight },
      close: () => URL.revokeObjectURL(url),
    };
  } catch (err) {
    URL.revokeObjectURL(url);
    throw err;
  }
}

function draw(source: CanvasImageSource, size: Size): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new UnreadablePhoto();
  // A transparent PNG would turn black in a JPEG.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size.width, size.height);
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, 0, 0, size.width, size.height);
  return canvas;
}

function toJpeg(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new UnreadablePhoto())), 'image/jpeg', quality),
  );
}

/**
 * Make a picked photo small enough for a slow network: at most 1600 px on its longest side, a
 * JPEG at quality 0.8 (0.6 when that is still large). Throws UnreadablePhoto when it can be
 * neither drawn nor sent as it is.
 */
export async function preparePhoto(file: File): Promise<PreparedPhoto> {
  let decoded: Decoded;
  try {
    decoded = await decode(file);
  } catch {
    if (canSendUndecoded(file.type, file.size)) return { blob: file, thumb: '' };
    throw new UnreadablePhoto();
  }
  try {
    const thumb = draw(decoded.source, fitWithin(decoded.size, THUMB_SIDE)).toDataURL(
      'image/jpeg',
      THUMB_QUALITY,
    );
    const plan = planPhoto({ type: file.type, bytes: file.size, ...decoded.size });
    if (plan.kind === 'keep') return { blob: file, thumb };
    const canvas = draw(decoded.source, plan);
    let blob = await toJpeg(canvas, plan.quality);
    const again = retryQuality(blob.size, plan.quality);
    if (again !== null) blob = await toJpeg(canvas, again);
    // Free the big canvas at once: a cheap phone has little memory for six of them.
    canvas.width = 0;
    canvas.height = 0;
    return { blob, thumb };
  } finally {
    decoded.close();
  }
}
