/**
 * A small key-value store in the phone's IndexedDB (one database with one object store per use),
 * also held in memory: where IndexedDB is missing or refuses (private mode, storage full), the
 * page still works while it stays open. Nothing is opened before the first call, so the pure
 * code around it runs in unit tests on `memoryStore`.
 */
export interface KeyValueStore<T> {
  get(key: string): Promise<T | undefined>;
  put(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
  keys(): Promise<string[]>;
}

/** A store that lives only as long as the page (and in tests). */
export function memoryStore<T>(): KeyValueStore<T> & { readonly map: Map<string, T> } {
  const map = new Map<string, T>();
  return {
    map,
    get: async (key) => map.get(key),
    put: async (key, value) => void map.set(key, value),
    delete: async (key) => void map.delete(key),
    keys: async () => [...map.keys()],
  };
}

/** The IndexedDB store `store` of database `db`, with the memory layer in front. */
export function idbStore<T>(db: string, store: string): KeyValueStore<T> {
  const memory = new Map<string, T>();
  let opening: Promise<IDBDatabase | null> | null = null;

  const open = (): Promise<IDBDatabase | null> =>
    (opening ??= new Promise((resolve) => {
      try {
        const req = indexedDB.open(db, 1);
        req.onupgradeneeded = () => req.result.createObjectStore(store);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => resolve(null);
        req.onblocked = () => resolve(null);
      } catch {
        resolve(null);
      }
    }));

  async function run<R>(
    mode: IDBTransactionMode,
    work: (s: IDBObjectStore) => IDBRequest<R>,
  ): Promise<R | null> {
    const conn = await open();
    if (!conn) return null;
    return new Promise((resolve) => {
      try {
        const req = work(conn.transaction(store, mode).objectStore(store));
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => resolve(null);
      } catch {
        resolve(null);
      }
    });
  }

  return {
    async get(key) {
      if (memory.has(key)) return memory.get(key);
      const stored = await run<unknown>('readonly', (s) => s.get(key));
      return stored === null || stored === undefined ? undefined : (stored as T);
    },
    async put(key, value) {
      memory.set(key, value);
      await run('readwrite', (s) => s.put(value, key));
    },
    async delete(key) {
      memory.delete(key);
      await run('readwrite', (s) => s.delete(key));
    },
    async keys() {
      const stored = await run('readonly', (s) => s.getAllKeys());
      const all = new Set(memory.keys());
      for (const k of stored ?? []) if (typeof k === 'string') all.add(k);
      return [...all];
    },
  };
}
