import { describe, expect, it } from 'vitest';
import {
  KEEP_BYTES,
  MAX_SIDE,
  PHOTO_MAX,
  QUALITY,
  SECOND_QUALITY,
  canSendUndecoded,
  fitWithin,
  planPhoto,
  retryQuality,
  roomFor,
} from './photo';

describe('the size a photo is sent at', () => {
  it('brings a 12-megapixel camera photo down to 1600 px on its longest side, proportions kept', () => {
    expect(fitWithin({ width: 4000, height: 3000 })).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin({ width: 3024, height: 4032 })).toEqual({ width: 1200, height: 1600 });
    expect(fitWithin({ width: 4000, height: 1000 })).toEqual({ width: 1600, height: 400 });
  });
  it('never enlarges a small photo, and never gives a side of 0', () => {
    expect(fitWithin({ width: 800, height: 600 })).toEqual({ width: 800, height: 600 });
    expect(fitWithin({ width: 1600, height: 1600 })).toEqual({ width: 1600, height: 1600 });
    expect(fitWithin({ width: 20_000, height: 2 })).toEqual({ width: MAX_SIDE, height: 1 });
    expect(fitWithin({ width: 0, height: 0 })).toEqual({ width: 1, height: 1 });
  });
  it('makes thumbnails the same way', () => {
    expect(fitWithin({ width: 4000, height: 3000 }, 160)).toEqual({ width: 160, height: 120 });
  });
});

describe('what is done with a photo', () => {
  it('re-encodes a large camera photo as a JPEG at quality 0.8', () => {
    expect(planPhoto({ type: 'image/jpeg', bytes: 5_000_000, width: 4000, height: 3000 })).toEqual({
      kind: 'encode',
      width: 1600,
      height: 1200,
      quality: QUALITY,
    });
    expect(QUALITY).toBe(0.8);
  });
  it('re-encodes a photo small in pixels but heavy in bytes, or of a type the server does not take', () => {
    expect(planPhoto({ type: 'image/png', bytes: 2_000_000, width: 1200, height: 900 }).kind).toBe('encode');
    expect(planPhoto({ type: 'image/gif', bytes: 50_000, width: 300, height: 300 }).kind).toBe('encode');
    expect(planPhoto({ type: 'image/heic', bytes: 100_000, width: 800, height: 600 }).kind).toBe('encode');
  });
  it('sends a photo as it is when it is already small enough', () => {
    expect(planPhoto({ type: 'image/jpeg', bytes: KEEP_BYTES, width: 1600, height: 900 })).toEqual({
      kind: 'keep',
    });
    expect(planPhoto({ type: 'image/webp', bytes: 80_000, width: 640, height: 480 }).kind).toBe('keep');
    expect(planPhoto({ type: 'image/jpeg', bytes: 80_000, width: 1601, height: 480 }).kind).toBe('encode');
  });
  it('tries once more at a lower quality when the JPEG is still large', () => {
    expect(retryQuality(1_400_000, QUALITY)).toBe(SECOND_QUALITY);
    expect(retryQuality(400_000, QUALITY)).toBeNull();
    expect(retryQuality(1_400_000, SECOND_QUALITY)).toBeNull();
  });
  it('sends a photo the page cannot draw only when the server takes it', () => {
    expect(canSendUndecoded('image/heic', 3_000_000)).toBe(true);
    expect(canSendUndecoded('image/tiff', 3_000_000)).toBe(false);
    expect(canSendUndecoded('image/jpeg', 50 * 1024 * 1024)).toBe(false);
  });
});

describe('how many photos fit', () => {
  it('takes at most six in all', () => {
    expect(PHOTO_MAX).toBe(6);
    expect(roomFor(0, 3)).toBe(3);
    expect(roomFor(4, 5)).toBe(2);
    expect(roomFor(6, 1)).toBe(0);
    expect(roomFor(7, 1)).toBe(0);
  });
});
