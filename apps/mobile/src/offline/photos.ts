import { idbStore, type KeyValueStore } from './idb';

/**
 * Compressed photos not yet uploaded, kept on the phone under their local id, so a photo taken
 * where the network is gone is still there when the page is opened again (or after the camera
 * app pushed the browser out of a cheap phone's memory). One store per use, so tidying one (a
 * request filed) never touches another's photos (a checklist still queued).
 */
export interface PhotoStore {
  /** names the store (and its uploads in flight) */
  readonly name: string;
  keep(localId: string, blob: Blob): Promise<void>;
  blob(localId: string): Promise<Blob | null>;
  drop(localId: string): Promise<void>;
  /** forget every photo but those named: left over from drafts sent or abandoned */
  dropExcept(keep: readonly string[]): Promise<void>;
}

export function photoStore(
  name: string,
  kv: KeyValueStore<Blob> = idbStore<Blob>(name, 'photos'),
): PhotoStore {
  return {
    name,
    keep: (localId, blob) => kv.put(localId, blob),
    async blob(localId) {
      const stored = await kv.get(localId);
      return stored instanceof Blob ? stored : null;
    },
    drop: (localId) => kv.delete(localId),
    async dropExcept(keep) {
      for (const key of await kv.keys()) if (!keep.includes(key)) await kv.delete(key);
    },
  };
}
