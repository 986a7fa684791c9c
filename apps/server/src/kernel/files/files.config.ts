import { z } from 'zod';
import { STORE_KINDS } from './store.js';

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
  /**
   * Where new uploads go: local (DATA_DIR/files; one node only), postgres (the database every
   * node shares) or s3. Default: postgres when DATABASE_URL is set, else local.
   */
  FILES_STORE: z.enum(STORE_KINDS).optional(),
  /** S3-compatible endpoint (MinIO, Aliyun OSS, Tencent COS); unset: AWS S3 */
  FILES_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  FILES_S3_REGION: z.string().min(1).default('us-east-1'),
  FILES_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name (3–63 of a-z 0-9 . -)')
    .optional(),
  FILES_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  FILES_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** bucket in the path, not the host name (MinIO and most self-hosted servers need it) */
  FILES_S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .default(false),
});

export type FilesConfig = z.infer<typeof filesConfig>;

/** What the defaults are when a caller (the CLI, a test) builds the service without config. */
export const FILES_DEFAULTS: FilesConfig = filesConfig.parse({});
