import { api, bodyOf } from '@anxiao/web-core';
import { within } from '../offline/failure';
import { uploadPhoto as upload, withSession } from '../offline/upload';
import { requestPhotos } from './photoStore';
import type { FileBody, Filed } from './types';

export { NoAnswer, failureOf } from '../offline/failure';
export { PhotoLost } from '../offline/upload';

/** How long one filing may take on a slow network before it counts as no answer. */
const FILE_TIMEOUT_MS = 30_000;

/** Upload one of the draft's photos; its file id (offline/upload.ts). */
export const uploadPhoto = (localId: string): Promise<string> => upload(requestPhotos, localId);

/** POST /api/requests: 201 filed now, 200 when this key was filed before (the same request). */
export function fileRequest(body: FileBody): Promise<Filed> {
  return withSession(() =>
    within(FILE_TIMEOUT_MS, (signal) => bodyOf(api.POST('/api/requests', { body, signal }))),
  );
}
