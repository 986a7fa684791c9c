import { z } from 'zod';

const MiB = 1024 * 1024;
const int = (min: number, max: number, dflt: number) =>
  z.coerce.number().int().min(min).max(max).default(dflt);

/**
 * Limits on uploads, above all on those sent without an account (随手拍 photos): how many and how
 * large, how much per place and in all per hour, and how much disk is kept free for what must
 * never be refused (alarms are rows in the database that shares the disk).
 */
export const filesConfig = z.object({
  /** photos one public report may carry */
  PUBLIC_UPLOAD_MAX_PHOTOS: int(0, 9, 3),
  /** bytes of one public photo as sent */
  PUBLIC_UPLOAD_MAX_BYTES: int(64 * 1024, 50 * MiB, 5 * MiB),
  /** pixels of one public photo once decoded (a small file can decode to gigabytes) */
  PUBLIC_UPLOAD_MAX_PIXELS: int(1_000_000, 268_402_689, 50_000_000),
  /** longest edge a public photo is kept at after re-encoding */
  PUBLIC_UPLOAD_MAX_EDGE: int(320, 8192, 2560),
  /** public photos kept per place per hour (every process counts in the database) */
  PUBLIC_UPLOAD_PLACE_PHOTOS_PER_HOUR: int(0, 100_000, 30),
  /** bytes of public photos kept per hour, all places of the install together */
  PUBLIC_UPLOAD_GLOBAL_BYTES_PER_HOUR: int(0, Number.MAX_SAFE_INTEGER, 512 * MiB),
  /** uploads are refused (507) when they would leave less free disk than this */
  UPLOAD_DISK_RESERVE_BYTES: int(0, Number.MAX_SAFE_INTEGER, 1024 * MiB),
  /** an upload no record has taken is deleted after this many hours */
  FILES_PENDING_TTL_HOURS: int(1, 24 * 30, 24),
});

export type FilesConfig = z.infer<typeof filesConfig>;

/** What the defaults are when a caller (the CLI, a test) builds the service without config. */
export const FILES_DEFAULTS: FilesConfig = filesConfig.parse({});
