import { ApiError, fetchMe, postForm } from '@anxiao/web-core';
import type { components } from '@anxiao/api-client';
import { within } from './failure';
import type { PhotoStore } from './photos';

type StoredFile = components['schemas']['StoredFile'];

/** How long one upload may take on a slow network before it counts as no answer. */
const UPLOAD_TIMEOUT_MS = 90_000;

/** A stale CSRF token (the session was renewed in another tab): read the session, then once more. */
export async function withSession<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 'auth.csrf')) throw err;
    await fetchMe();
    return call();
  }
}

/** The phone no longer holds a photo that was never uploaded (storage cleared). */
export class PhotoLost extends Error {
  constructor() {
    super('the photo is no longer on this phone');
    this.name = 'PhotoLost';
  }
}

/** Uploads running, by store and local photo id: a photo is never sent twice at once. */
const uploads = new Map<string, Promise<string>>();

/**
 * Upload one kept photo (POST /api/files, multipart field `file`); its file id. A photo whose
 * upload is already running is waited for rather than sent again.
 */
export function uploadPhoto(store: PhotoStore, localId: string): Promise<string> {
  const id = `${store.name}:${localId}`;
  const running = uploads.get(id);
  if (running) return running;
  const upload = (async () => {
    const blob = await store.blob(localId);
    if (!blob) throw new PhotoLost();
    const form = new FormData();
    form.append('file', blob, `${localId}.${blob.type === 'image/png' ? 'png' : 'jpg'}`);
    const stored = await withSession(() =>
      // postForm takes no signal: a hung upload is left behind, and a retry sends the photo again.
      within(UPLOAD_TIMEOUT_MS, () => postForm<StoredFile>('/api/files', form)),
    );
    // A captive portal answers 200 too: only an answer with a file id in it counts.
    if (!stored?.id) throw new ApiError(0, 'network', '');
    return stored.id;
  })();
  uploads.set(id, upload);
  void upload.then(
    () => uploads.delete(id),
    () => uploads.delete(id),
  );
  return upload;
}
