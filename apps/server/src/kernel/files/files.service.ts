import { createHash } from 'node:crypto';
import { and, eq, inArray, like, or, sql } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import { authorize, orgScopeSql, pathInScope, type Actor } from '../access/index.js';
import type { Clock } from '../clock.js';
import type { Db, Executor } from '../db.js';
import { errors } from '../errors.js';
import { newId } from '../ids.js';
import { files } from './files.tables.js';
import type { FileStore } from './store.js';

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
    private readonly store: FileStore,
    private readonly clock: Clock,
    private readonly maxBytes: number,
    /** organisation path lookup, provided by the orgs module at composition */
    private readonly orgPath: (orgId: string) => Promise<string | null>,
  ) {}

  async upload(actor: Actor, input: { orgId: string; name: string; data: Buffer }): Promise<StoredFile> {
    const scope = authorize(actor, 'file.upload');
    const path = await this.orgPath(input.orgId);
    if (!path || !pathInScope(scope, path)) throw errors.notFound({ orgId: input.orgId });
    return this.store_(input, actor.userId, () => true);
  }

  /**
   * Keep an image sent without an account (a 随手拍 photo) for a module that has already decided
   * to accept it: checked from its bytes like any upload, owned by nobody.
   */
  async storeImage(orgId: string, name: string, data: Buffer): Promise<StoredFile> {
    return this.store_({ orgId, name, data }, null, (mime) => mime.startsWith('image/'));
  }

  private async store_(
    input: { orgId: string; name: string; data: Buffer },
    ownerId: string | null,
    accept: (mime: string) => boolean,
  ): Promise<StoredFile> {
    if (input.data.length > this.maxBytes) throw errors.payloadTooLarge({ maxBytes: this.maxBytes });
    const type = await fileTypeFromBuffer(input.data);
    const ext = type ? ACCEPTED_TYPES[type.mime] : undefined;
    if (!type || !ext || !accept(type.mime)) throw errors.unsupportedType({ detected: type?.mime ?? null });
    const id = newId();
    const now = this.clock.now();
    const key = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${id}.${ext}`;
    await this.store.put(key, input.data);
    const row = {
      id,
      orgId: input.orgId,
      ownerId,
      mime: type.mime,
      ext,
      size: input.data.length,
      sha256: createHash('sha256').update(input.data).digest('hex'),
      storageKey: key,
      originalName: input.name.slice(0, 200),
      createdAt: now,
    };
    await this.db.insert(files).values(row);
    return row;
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
    return { file: row, stream: await this.store.get(row.storageKey) };
  }

  /**
   * Of the given ids, the images this user uploaded: a module checks that what a user attaches
   * (a reporter's photos) is theirs before it keeps the ids.
   */
  async ownedImages(ids: string[], userId: string): Promise<string[]> {
    if (!ids.length) return [];
    const found = await this.db
      .select({ id: files.id })
      .from(files)
      .where(and(inArray(files.id, ids), eq(files.ownerId, userId), like(files.mime, 'image/%')));
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
      .where(and(inArray(files.id, ids), eq(files.ownerId, userId), like(files.mime, 'image/%')))
      .returning({ id: files.id });
    return taken.map((f) => f.id);
  }

  /** Open a file for a module that has already decided the caller may see it (a request's photo). */
  async openById(id: string) {
    const [row] = await this.db.select().from(files).where(eq(files.id, id)).limit(1);
    if (!row) throw errors.notFound({ id });
    return { file: row, stream: await this.store.get(row.storageKey) };
  }
}
