import { photoStore } from '../offline/photos';

/** The photos of the request being written (offline/photos.ts has how they are kept). */
export const requestPhotos = photoStore('anxiao-request-photos');

export const keepPhoto = (localId: string, blob: Blob) => requestPhotos.keep(localId, blob);
export const photoBlob = (localId: string) => requestPhotos.blob(localId);
export const dropPhoto = (localId: string) => requestPhotos.drop(localId);
/** Forget every photo but those named (the draft's): left over from drafts filed or abandoned. */
export const dropPhotosExcept = (keep: readonly string[]) => requestPhotos.dropExcept(keep);
