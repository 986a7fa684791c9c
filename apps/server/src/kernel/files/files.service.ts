import { createHash } from 'node:crypto';
import { and, eq, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import { authorize, orgScopeSql, pathInScope, scopeFor, type Actor } from '../access/index.js';
import { audit } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import type { Db, Executor } from '../db.js';
import { errors } from '../errors.js';
import { newId } from '../ids.js';
import { FILES_DEFAULTS, type FilesConfig } from './files.config.js';
import { fileErrors } from './files.errors.js';
import { reencodeImage } from './files.images.js';
import { dropBudgetWindows, takeBudget, takeExpiredPending } from './files.lifecycle.js';
import { files } from './files.tables.js';
import type { FileStores } from './stores.js';
import { asStream, type StoreKind } from './store.js';
import { Readable } from 'node:stream';

/** Accepted content types, judged from the bytes. Names and client-sent types are ignored. */
export const ACCEPTED_TYPES: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

export interface StoredFile {
  id: string;
  orgId: string;
  mime: string;
  size: number;
  sha256: string;
  originalName: string;
  createdAt: Date;
}

export class FilesService {
  constructor(
    private readonly db: Db,
    readonly stores: FileStores,
    private readonly clock: Clock,
    private readonly maxBytes: number,
    /** organisation path lookup, provided by the orgs module at composition */
    private readonly orgPath: (orgId: string) => Promise<string | null>,
    readonly limits: FilesConfig = FILES_DEFAULTS,
  ) {}

  /**
   * Keep an upload. `accept` narrows the types a module takes (checked from the bytes before
   * anything is stored); `purpose` marks files whose reading is restricted (an import's sheet).
   */
  async upload(
    actor: Actor,
    input: { orgId: string; name: string; data: Buffer | Readable },
    opts: { accept?: (mime: string) => boolean; purpose?: 'import' } = {},
  ): Promise<StoredFile> {
    const scope = authorize(actor, 'file.upload');
    const path = await this.orgPath(input.orgId);
    if (!path || !pathInScope(scope, path)) throw errors.notFound({ orgId: input.orgId });
    return this.store_(input, actor.userId, opts.accept ?? (() => true), opts.purpose ?? null);
  }

  /**
   * Keep the photos of a report sent without an account (随手拍), for a module that has already
   * decided to accept the report. Bounded in number and size, decoded and encoded anew (a fake
   * image fails, a bystander's EXIF location is dropped), counted against the place's and the
   * install's hourly budget. Kept pending: the report's transaction commits them (commitFiles).
   */
  async storePublicImages(
    orgId: string,
    placeId: string,
    photos: { name: string; data: Buffer }[],
  ): Promise<string[]> {
    const l = this.limits;
    if (photos.length > l.PUBLIC_UPLOAD_MAX_PHOTOS)
      throw fileErrors.tooMany({ max: l.PUBLIC_UPLOAD_MAX_PHOTOS });
    if (photos.some((p) => p.data.length > l.PUBLIC_UPLOAD_MAX_BYTES))
      throw errors.payloadTooLarge({ maxBytes: l.PUBLIC_UPLOAD_MAX_BYTES });
    if (!photos.length) return [];
    const encoded: { name: string; data: Buffer }[] = [];
    for (const p of photos) {
      const type = await fileTypeFromBuffer(p.data);
      if (!type || !type.mime.startsWith('image/'))
        throw fileErrors.notAnImage({ detected: type?.mime ?? null });
      const data = await reencodeImage(p.data, {
        maxPixels: l.PUBLIC_UPLOAD_MAX_PIXELS,
        maxEdge: l.PUBLIC_UPLOAD_MAX_EDGE,
      });
      if (!data) throw fileErrors.notAnImage({ detected: type.mime });
      encoded.push({ name: p.name, data });
    }
    const use = { count: encoded.length, bytes: encoded.reduce((n, p) => n + p.data.length, 0) };
    await this.guardDisk(use.bytes);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const fits =
        (await takeBudget(tx, `place:${placeId}`, now, use, {
          count: l.PUBLIC_UPLOAD_PLACE_PHOTOS_PER_HOUR,
        })) && (await takeBudget(tx, 'public', now, use, { bytes: l.PUBLIC_UPLOAD_GLOBAL_BYTES_PER_HOUR }));
      // Thrown inside: the place's count taken a line above is given back with the transaction.
      if (!fits) throw fileErrors.budgetExhausted();
    });
    const ids: string[] = [];
    // Public photos stay in memory: they are few, bounded (PUBLIC_UPLOAD_MAX_BYTES) and sharp
    // re-encodes each one whole; the stores still take them as streams.
    try {
      for (const p of encoded)
        ids.push((await this.store_({ orgId, ...p }, null, (mime) => mime === 'image/jpeg', null)).id);
    } catch (e) {
      await this.discard(ids);
      throw e;
    }
    return ids;
  }

  /** Refuse an upload that would leave less free disk than the reserve kept for alarms. */
  private async guardDisk(bytes: number): Promise<void> {
    const free = await this.stores.current.freeBytes();
    if (free !== null && free - bytes < this.limits.UPLOAD_DISK_RESERVE_BYTES) throw fileErrors.diskFull();
  }

  /** Remove uploads no record took (a report refused after its photos were kept). */
  async discard(ids: string[]): Promise<void> {
    if (ids.length) await this.deleteWhere(and(inArray(files.id, ids), isNull(files.committedAt))!);
  }

  /** Rows first, then bytes: a crash between the two leaves bytes without a row, never the reverse. */
  private async deleteWhere(where: SQL): Promise<void> {
    const gone = await this.db
      .delete(files)
      .where(where)
      .returning({ key: files.storageKey, store: files.store });
    for (const g of gone) await this.stores.of(g.store).delete(g.key);
  }

  /**
   * The durable sweep: uploads that no record took within FILES_PENDING_TTL_HOURS go, rows and
   * bytes, and so do budget windows of past hours. Rows first: a crash between the two leaves
   * bytes without a row (harmless), never a row without bytes.
   */
  async sweepPending(): Promise<number> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.limits.FILES_PENDING_TTL_HOURS * 3_600_000);
    let swept = 0;
    for (;;) {
      const keys = await takeExpiredPending(this.db, cutoff, 500);
      for (const k of keys) await this.stores.of(k.store).delete(k.key);
      swept += keys.length;
      if (keys.length < 500) break;
    }
    await dropBudgetWindows(this.db, new Date(now.getTime() - 2 * 3_600_000));
    return swept;
  }

  /**
   * Stream an upload into the current store: its type is judged from the first bytes, its size
   * and hash counted as it passes, and a file past `maxBytes` fails before the store keeps it.
   * The row is written once the bytes are: a crash between leaves bytes without a row.
   */
  private async store_(
    input: { orgId: string; name: string; data: Buffer | Readable },
    ownerId: string | null,
    accept: (mime: string) => boolean,
    purpose: 'import' | null,
  ): Promise<StoredFile> {
    const known = Buffer.isBuffer(input.data) ? input.data.length : null;
    if (known !== null && known > this.maxBytes) throw errors.payloadTooLarge({ maxBytes: this.maxBytes });
    // A stream's size shows only at its end: keep room for the largest one allowed.
    await this.guardDisk(known ?? this.maxBytes);
    // The type from the first bytes (a spreadsheet's zip entries may need a few KB more than
    // an image's magic number); a buffer is judged whole, as it is in memory anyway.
    const { head, rest } = await peek(asStream(input.data), 256 * 1024);
    const type = await fileTypeFromBuffer(Buffer.isBuffer(input.data) ? input.data : head);
    const ext = type ? ACCEPTED_TYPES[type.mime] : undefined;
    if (!type || !ext || !accept(type.mime)) throw errors.unsupportedType({ detected: type?.mime ?? null });
    const id = newId();
    const now = this.clock.now();
    const key = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${id}.${ext}`;
    const hash = createHash('sha256');
    let size = 0;
    const maxBytes = this.maxBytes;
    const take = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) throw errors.payloadTooLarge({ maxBytes });
      hash.update(chunk);
      return chunk;
    };
    async function* counted(): AsyncGenerator<Buffer> {
      if (head.length) yield take(head);
      for await (const chunk of rest) yield take(chunk);
    }
    const store = this.stores.current;
    await store.put(key, Readable.from(counted(), { objectMode: false }));
    const row = {
      id,
      orgId: input.orgId,
      ownerId,
      mime: type.mime,
      ext,
      size,
      sha256: hash.digest('hex'),
      storageKey: key,
      originalName: input.name.slice(0, 200),
      createdAt: now,
      committedAt: null,
    };
    await this.db.insert(files).values({ ...row, purpose, store: store.kind });
    return row;
  }

  /** The bytes of a row, from the store that holds them (a backup reads files this way). */
  read(row: { storageKey: string; store: StoreKind }): Promise<Readable> {
    return this.stores.of(row.store).get(row.storageKey);
  }

  async open(actor: Actor, id: string) {
    const scope = authorize(actor, 'file.read');
    const [row] = await this.db
      .select()
      .from(files)
      // Whoever uploaded a file may always read it back (a reporter's own photo).
      .where(
        and(
          eq(files.id, id),
          or(orgScopeSql(scope, files.orgId), actor.userId ? eq(files.ownerId, actor.userId) : undefined),
        ),
      )
      .limit(1);
    if (!row) throw errors.notFound({ id });
    if (row.purpose === 'import') await this.mayReadImport(actor, row);
    return { file: row, stream: await this.read(row) };
  }

  /**
   * An import's sheet holds whole national IDs and phone numbers: only whoever uploaded it and
   * those who manage the school's people (school admins) read it back, and each read is audited.
   */
  private async mayReadImport(actor: Actor, row: typeof files.$inferSelect) {
    const own = actor.userId !== null && row.ownerId === actor.userId;
    const scope = scopeFor(actor, 'people.manage');
    const path = scope && !own ? await this.orgPath(row.orgId) : null;
    if (!own && !(scope && path && pathInScope(scope, path))) throw errors.notFound({ id: row.id });
    await audit(this.db, this.clock, actor, {
      action: 'file.read_import',
      targetType: 'file',
      targetId: row.id,
      orgId: row.orgId,
      sensitive: true,
      details: { name: row.originalName },
    });
  }

  /** Delete a file: its row, then its bytes (an import's sheet once the import is over). */
  async remove(id: string): Promise<void> {
    await this.deleteWhere(eq(files.id, id));
  }

  /**
   * Of the given ids, the images this user uploaded: a module checks that what a user attaches
   * (a reporter's photos) is theirs before it keeps the ids.
   */
  async ownedImages(ids: string[], userId: string): Promise<string[]> {
    if (!ids.length) return [];
    const found = await this.db.select({ id: files.id }).from(files).where(imagesOf(ids, userId));
    return found.map((f) => f.id);
  }

  /**
   * Hand the user's images over to a filing that must not name them (a sealed or anonymous
   * request): each one of the given ids this user uploaded stops being theirs, so no row ties the
   * photo to its uploader; the filing's private link and its reporter reach it from then on. The
   * uploader's organisation (a class) and the phone's file name go too: the file is the school's
   * (`orgId`) and named by its type. Runs in the filing's transaction and answers the ids taken
   * over (the caller refuses a shortfall).
   */
  async disownImages(ex: Executor, ids: string[], userId: string, orgId: string): Promise<string[]> {
    if (!ids.length) return [];
    const taken = await ex
      .update(files)
      .set({ ownerId: null, orgId, originalName: sql`'photo.' || ${files.ext}` })
      .where(imagesOf(ids, userId))
      .returning({ id: files.id });
    return taken.map((f) => f.id);
  }

  /**
   * The bytes of a stored file, for a module that has already decided to read it (a signature
   * drawn into a notice): null when there is no such file or it is larger than `maxBytes`.
   */
  async bytesOf(id: string, maxBytes: number): Promise<{ mime: string; data: Buffer } | null> {
    const [row] = await this.db.select().from(files).where(eq(files.id, id)).limit(1);
    if (!row || row.size > maxBytes) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of await this.read(row)) chunks.push(Buffer.from(chunk as Buffer));
    return { mime: row.mime, data: Buffer.concat(chunks) };
  }

  /** Open a file for a module that has already decided the caller may see it (a request's photo). */
  async openById(id: string) {
    const [row] = await this.db.select().from(files).where(eq(files.id, id)).limit(1);
    if (!row) throw errors.notFound({ id });
    return { file: row, stream: await this.read(row) };
  }
}

/** Of the given ids, the images this user uploaded. */
const imagesOf = (ids: string[], userId: string) =>
  and(inArray(files.id, ids), eq(files.ownerId, userId), like(files.mime, 'image/%'));

/** The first `n` bytes of a stream (fewer if it is shorter), and the rest of it still to read. */
async function peek(source: Readable, n: number) {
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const parts: Buffer[] = [];
  let held = 0;
  let ended = false;
  while (held < n) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    parts.push(r.value);
    held += r.value.length;
  }
  async function* rest(): AsyncGenerator<Buffer> {
    for (let r = ended ? null : await it.next(); r && !r.done; r = await it.next()) yield r.value;
  }
  return { head: Buffer.concat(parts, held), rest: rest() };
}
