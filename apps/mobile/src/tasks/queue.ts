import { failureOf } from '../offline/failure';
import type { KeyValueStore } from '../offline/idb';
import type { PhotoStore } from '../offline/photos';
import { PhotoLost } from '../offline/upload';
import {
  classify,
  completeBody,
  isBlocked,
  isDue,
  isExpired,
  localPhotos,
  nextWakeAt,
  photoLost,
  photoUploaded,
  photosToUpload,
  readEntry,
  replaces,
  settle,
  startAttempt,
  wake,
  type CompletionEntry,
  type HazardEntry,
  type OutboxEntry,
  type Outcome,
} from './outbox';
import type { CompleteBody, FromItemBody, HazardMade, TaskDetail } from './types';

/** What the queue works with: the phone's storage and the server, given from outside (tests fake them). */
export interface QueuePorts {
  entries: KeyValueStore<OutboxEntry>;
  photos: PhotoStore;
  /** upload a kept photo; its file id (throws PhotoLost when the phone no longer has it) */
  upload(localId: string): Promise<string>;
  complete(taskId: string, body: CompleteBody): Promise<TaskDetail>;
  hazard(taskId: string, body: FromItemBody): Promise<HazardMade>;
  /** the account signed in on this page (null: nobody); throws when the server cannot be reached */
  currentUser(): Promise<string | null>;
  now(): number;
  /** photos in the same store that belong to checklists still being filled in */
  draftPhotos?(): readonly string[];
  /** the server recorded something: the pages' caches are brought up to date */
  delivered?(entry: OutboxEntry, answer: TaskDetail | HazardMade): void;
}

/**
 * Runs the tasks outbox (outbox.ts has the rules): keeps every entry in the phone's storage
 * before its first attempt and after every change, and sends what is due. One queue per page;
 * an entry is never attempted twice at once in it.
 */
export class TaskQueue {
  private entries = new Map<string, OutboxEntry>();
  private list: readonly OutboxEntry[] = [];
  private readonly listeners = new Set<() => void>();
  /** attempts under way in this page, by entry key */
  private readonly running = new Map<string, Promise<void>>();
  private loading: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ports: QueuePorts) {}

  // ── reading (the pages) ────────────────────────────────────────────────────────────────────

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Every entry, newest first (the same array until something changes). */
  readonly snapshot = (): readonly OutboxEntry[] => this.list;

  get(key: string): OutboxEntry | undefined {
    return this.entries.get(key);
  }

  /** Read what the phone kept (once); old entries that are over are forgotten, with their photos. */
  load(): Promise<void> {
    this.loading ??= (async () => {
      const now = this.ports.now();
      for (const key of await this.ports.entries.keys()) {
        const entry = readEntry(await this.ports.entries.get(key));
        if (!entry || entry.key !== key || isExpired(entry, now)) {
          await this.ports.entries.delete(key);
          continue;
        }
        // Kept from an earlier page (perhaps closed mid-attempt): it goes at once.
        if (!this.entries.has(key)) this.entries.set(key, wake(entry, now));
      }
      this.changed();
      await this.tidyPhotos();
    })();
    return this.loading;
  }

  // ── writing ────────────────────────────────────────────────────────────────────────────────

  /**
   * Keep an entry (stored before anything is sent), then send it. An entry already under its key
   * stays (a double tap or a second tab makes no second entry); the one kept is returned.
   */
  async add(entry: OutboxEntry): Promise<OutboxEntry> {
    await this.load();
    const old = this.entries.get(entry.key);
    if (!replaces(old, entry)) return old!;
    await this.ports.entries.put(entry.key, entry);
    this.entries.set(entry.key, entry);
    this.changed();
    void this.pump();
    return entry;
  }

  /** Change one entry, in storage too; unchanged when `change` returns the same entry. */
  async update(key: string, change: (e: OutboxEntry) => OutboxEntry | null): Promise<void> {
    const before = this.entries.get(key);
    if (!before) return;
    const after = change(before);
    if (after === before) return;
    if (after) {
      this.entries.set(key, after);
      this.changed();
      await this.ports.entries.put(key, after);
    } else {
      this.entries.delete(key);
      this.changed();
      await this.ports.entries.delete(key);
    }
  }

  async remove(key: string): Promise<void> {
    const entry = this.entries.get(key);
    await this.update(key, () => null);
    for (const id of entry ? localPhotos(entry) : []) await this.ports.photos.drop(id);
  }

  /** Try everything pending now (the network came back, the page was opened or shown again). */
  async wakeAll(): Promise<void> {
    await this.load();
    const now = this.ports.now();
    for (const key of [...this.entries.keys()]) await this.update(key, (e) => wake(e, now));
    await this.pump();
  }

  // ── sending ────────────────────────────────────────────────────────────────────────────────

  /**
   * Start whatever is due; resolves when every attempt under way is over (those started now and
   * before). Sets the timer for what falls due next.
   */
  async pump(): Promise<void> {
    await this.load();
    const now = this.ports.now();
    const all = [...this.entries.values()];
    for (const e of all)
      if (isDue(e, now) && !isBlocked(e, all) && !this.running.has(e.key)) {
        const attempt = this.attempt(e.key).finally(() => this.running.delete(e.key));
        this.running.set(e.key, attempt);
      }
    await Promise.all([...this.running.values()]);
    // What those attempts let through (a hazard whose checklist was just recorded) goes now.
    const after = [...this.entries.values()];
    const now2 = this.ports.now();
    if (after.some((e) => isDue(e, now2) && !isBlocked(e, after) && !this.running.has(e.key)))
      return this.pump();
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const next = nextWakeAt([...this.entries.values()]);
    if (next !== null) this.timer = setTimeout(() => void this.pump(), Math.max(0, next - this.ports.now()));
  }

  /** Stop the timer (tests; a page never stops its queue). */
  stop(): void {
    clearTimeout(this.timer);
  }

  private async attempt(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (entry?.state !== 'pending') return;
    let outcome: Outcome;
    try {
      const user = await this.ports.currentUser();
      // Only under the account that did it (the server records who did a task). Another account
      // on the phone now: it waits for that account to sign in again.
      if (user !== entry.userId) {
        await this.update(key, (e) => settle(e, { kind: 'retry', error: signedOut }, this.ports.now()));
        return;
      }
      await this.update(key, startAttempt);
      outcome = entry.kind === 'complete' ? await this.sendCompletion(key) : await this.sendHazard(entry);
    } catch (err) {
      outcome = classify(entry, failureOf(err));
    }
    await this.update(key, (e) => settle(e, outcome, this.ports.now()));
    const after = this.entries.get(key);
    // Photos on the server now, or of a checklist that is over: no longer needed on the phone.
    if (after && (after.state === 'sent' || after.state === 'taken'))
      for (const id of localPhotos(after)) await this.ports.photos.drop(id);
    // A checklist someone else did: the hazards waiting for it cannot be made from it.
    if (after?.state === 'taken')
      for (const other of [...this.entries.values()])
        if (other.kind === 'hazard' && other.taskId === after.taskId && other.state === 'pending')
          await this.update(other.key, (e) =>
            settle(e, { kind: 'failed', error: after.lastError ?? signedOut }, this.ports.now()),
          );
  }

  private async sendCompletion(key: string): Promise<Outcome> {
    for (const photo of photosToUpload(this.entries.get(key) as CompletionEntry)) {
      try {
        const fileId = await this.ports.upload(photo.localId);
        // Kept at once: should the checklist fail now, the retry does not upload this photo again.
        await this.update(key, (e) => (e.kind === 'complete' ? photoUploaded(e, photo.localId, fileId) : e));
      } catch (err) {
        if (!(err instanceof PhotoLost)) throw err;
        // Gone from the phone: the checklist goes without it (the server says if it needed it).
        await this.update(key, (e) => (e.kind === 'complete' ? photoLost(e, photo.localId) : e));
      }
    }
    const entry = this.entries.get(key) as CompletionEntry;
    const detail = await this.ports.complete(entry.taskId, completeBody(entry));
    // A captive portal answers 200 too: only the task as recorded counts.
    if (!detail?.id || !Array.isArray(detail.failed)) throw new Error('not the answer of the API');
    this.ports.delivered?.(entry, detail);
    return { kind: 'recorded', failed: detail.failed };
  }

  private async sendHazard(entry: HazardEntry): Promise<Outcome> {
    const made = await this.ports.hazard(entry.taskId, { itemCode: entry.itemCode, grade: entry.grade });
    if (!made?.hazard?.no) throw new Error('not the answer of the API');
    this.ports.delivered?.(entry, made);
    const { id, no, status } = made.hazard;
    return { kind: 'hazard', hazard: { id, no, status } };
  }

  /**
   * Photos nothing holds any more (sent, or left by a page closed mid-way) are dropped; those of
   * entries still to go, and of the checklists being filled in (`ports.drafts`), stay.
   */
  private async tidyPhotos(): Promise<void> {
    const held = [...this.entries.values()].filter((e) => e.state !== 'sent').flatMap(localPhotos);
    await this.ports.photos.dropExcept([...held, ...(this.ports.draftPhotos?.() ?? [])]);
  }

  private changed(): void {
    this.list = [...this.entries.values()].sort((a, b) => b.createdAt - a.createdAt);
    for (const listener of this.listeners) listener();
  }
}

const signedOut = { status: 401, code: 'auth.unauthenticated', message: '' };
