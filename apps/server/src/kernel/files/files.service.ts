import { createHash } from 'node:crypto';
import { and, eq, inArray, like, or } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import { authorize, orgScopeSql, pathInScope, scopeFor, type Actor } from '../access/index.js';
import { audit } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db.js';
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

  /**
   * Keep an upload. `accept` narrows the types a module takes (checked from the bytes before
   * anything is stored); `purpose` marks files whose reading is restricted (an import's sheet).
   */
  async upload(
    actor: Actor,
    input: { orgId: string; name: string; data: Buffer },
    opts: { accept?: (mime: string) => boolean; purpose?: 'import' } = {},
  ): Promise<StoredFile> {
    const scope = authorize(actor, 'file.upload');
    const path = await this.orgPath(input.orgId);
    if (!path || !pathInScope(scope, path)) throw errors.notFound({ orgId: input.orgId });
    return this.store_(input, actor.userId, opts.accept ?? (() => true), opts.purpose ?? null);
  }

  /**
   * Keep an image sent without an account (a 随手拍 photo) for a module that has already decided
   * to accept it: checked from its bytes like any upload, owned by nobody.
   */
  async storeImage(orgId: string, name: string, data: Buffer): Promise<StoredFile> {
    return this.store_({ orgId, name, data }, null, (mime) => mime.startsWith('image/'), null);
  }

  private async store_(
    input: { orgId: string; name: string; data: Buffer },
    ownerId: string | null,
    accept: (mime: string) => boolean,
    purpose: 'import' | null,
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
    await this.db.insert(files).values({ ...row, purpose });
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
    if (row.purpose === 'import') await this.mayReadImport(actor, row);
    return { file: row, stream: await this.store.get(row.storageKey) };
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
    const [row] = await this.db.delete(files).where(eq(files.id, id)).returning();
    if (row) await this.store.delete(row.storageKey);
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

  /** Open a file for a module that has already decided the caller may see it (a request's photo). */
  async openById(id: string) {
    const [row] = await this.db.select().from(files).where(eq(files.id, id)).limit(1);
    if (!row) throw errors.notFound({ id });
    return { file: row, stream: await this.store.get(row.storageKey) };
  }
}
