import { ApiError, api, bodyOf, fetchMe, postForm } from '@anxiao/web-core';
import type { Failure } from './draft';
import { photoBlob } from './photoStore';
import type { FileBody, Filed, StoredFile } from './types';

/** How long one upload or filing may take on a slow network before it counts as no answer. */
const UPLOAD_TIMEOUT_MS = 90_000;
const FILE_TIMEOUT_MS = 30_000;

export class NoAnswer extends Error {
  constructor() {
    super('no answer in time');
    this.name = 'NoAnswer';
  }
}

/** A failed call in the terms of draft.ts. */
export function failureOf(err: unknown): Failure {
  if (err instanceof ApiError) return { status: err.status, code: err.code, message: err.message };
  return { status: 0, code: err instanceof NoAnswer ? 'timeout' : 'network', message: '' };
}

/** `work` or NoAnswer after `ms`, whichever comes first. */
async function within<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timeout: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timeout = setTimeout(() => {
      controller.abort();
      reject(new NoAnswer());
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timeout);
  }
}

/** A stale CSRF token (the session was renewed in another tab): read the session, then once more. */
async function withSession<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 'auth.csrf')) throw err;
    await fetchMe();
    return call();
  }
}

/** Uploads running, by local photo id: a photo is never sent twice at once. */
const uploads = new Map<string, Promise<string>>();

/**
 * Upload one kept photo (POST /api/files, multipart field `file`); its file id. A photo whose
 * upload is already running is waited for rather than sent again.
 */
export function uploadPhoto(localId: string): Promise<string> {
  const running = uploads.get(localId);
  if (running) return running;
  const upload = (async () => {
    const blob = await photoBlob(localId);
    if (!blob) throw new PhotoLost();
    const form = new FormData();
    form.append('file', blob, `${localId}.${blob.type === 'image/png' ? 'png' : 'jpg'}`);
    const stored = await withSession(() =>
      // postForm takes no signal: a hung upload is left behind, and a retry sends the photo again.
      within(UPLOAD_TIMEOUT_MS, () => postForm<StoredFile>('/api/files', form)),
    );
    return stored.id;
  })();
  uploads.set(localId, upload);
  void upload.then(
    () => uploads.delete(localId),
    () => uploads.delete(localId),
  );
  return upload;
}

/** The phone no longer holds a photo that was never uploaded (storage cleared). */
export class PhotoLost extends Error {
  constructor() {
    super('the photo is no longer on this phone');
    this.name = 'PhotoLost';
  }
}

/** POST /api/requests: 201 filed now, 200 when this key was filed before (the same request). */
export function fileRequest(body: FileBody): Promise<Filed> {
  return withSession(() =>
    within(FILE_TIMEOUT_MS, (signal) => bodyOf(api.POST('/api/requests', { body, signal }))),
  );
}
