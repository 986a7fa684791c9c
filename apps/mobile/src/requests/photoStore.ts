/**
 * Compressed photos not yet uploaded, kept in the phone's IndexedDB under their local id, so a
 * photo taken where the network is gone is still there when the page is opened again. Also held
 * in memory: where IndexedDB is missing or refuses (private mode), the page still works while it
 * stays open.
 */

const DB_NAME = 'anxiao-request-photos';
const STORE = 'photos';

const memory = new Map<string, Blob>();
let opening: Promise<IDBDatabase | null> | null = null;

function open(): Promise<IDBDatabase | null> {
  opening ??= new Promise((resolve) => {
    try {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(null);
      req.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
  return opening;
}

async function run<T>(
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T | null> {
  const db = await open();
  if (!db) return null;
  return new Promise((resolve) => {
    try {
      const req = work(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
}

export async function keepPhoto(localId: string, blob: Blob): Promise<void> {
  memory.set(localId, blob);
  await run('readwrite', (s) => s.put(blob, localId));
}

export async function photoBlob(localId: string): Promise<Blob | null> {
  const held = memory.get(localId);
  if (held) return held;
  const stored = await run<unknown>('readonly', (s) => s.get(localId));
  return stored instanceof Blob ? stored : null;
}

export async function dropPhoto(localId: string): Promise<void> {
  memory.delete(localId);
  await run('readwrite', (s) => s.delete(localId));
}

/** Forget every photo but those named (the draft's): left over from drafts filed or abandoned. */
export async function dropPhotosExcept(keep: readonly string[]): Promise<void> {
  for (const id of memory.keys()) if (!keep.includes(id)) memory.delete(id);
  const keys = await run('readonly', (s) => s.getAllKeys());
  for (const key of keys ?? []) if (typeof key === 'string' && !keep.includes(key)) await dropPhoto(key);
}
