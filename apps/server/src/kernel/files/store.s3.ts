import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  NoSuchKey,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import { asStream, type FileStore } from './store.js';

export interface S3Settings {
  /** e.g. a MinIO address, an Aliyun OSS or Tencent COS regional endpoint; none: AWS itself */
  endpoint?: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** bucket in the path (MinIO, most self-hosted servers) rather than in the host name */
  forcePathStyle: boolean;
}

/** Size of one part of a multipart upload: S3's smallest allowed, so that few bytes are held. */
const PART_BYTES = 5 * 1024 * 1024;

/**
 * File bytes in an S3-compatible bucket (AWS S3, MinIO, Aliyun OSS, Tencent COS): the storage key
 * is the object name. Uploads stream as a multipart upload of 5 MB parts sent one at a time (a
 * file under one part goes as a single PUT): memory holds a few parts (about 16 MB measured),
 * whatever the file's size; downloads stream
 * the object's body as it arrives.
 */
export class S3Store implements FileStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  constructor(private readonly s: S3Settings) {
    this.client = new S3Client({
      region: s.region,
      ...(s.endpoint ? { endpoint: s.endpoint } : {}),
      forcePathStyle: s.forcePathStyle,
      credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
      // Compatible servers (OSS, COS, older MinIO) do not all know the newer checksum headers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, data: Readable | Buffer): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.s.bucket, Key: key, Body: asStream(data) },
      partSize: PART_BYTES,
      queueSize: 1,
      // A failed multipart upload is aborted, so no parts are left behind to pay for.
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async get(key: string): Promise<Readable> {
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.s.bucket, Key: key }));
      return r.Body as Readable;
    } catch (e) {
      if (e instanceof NoSuchKey) throw Object.assign(new Error(`no stored file ${key}`), { code: 'ENOENT' });
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.s.bucket, Key: key }));
  }

  async freeBytes(): Promise<number | null> {
    return null;
  }

  /** Whether the bucket is there and these credentials reach it (a start-up check). */
  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.s.bucket }));
  }

  close(): void {
    this.client.destroy();
  }
}
