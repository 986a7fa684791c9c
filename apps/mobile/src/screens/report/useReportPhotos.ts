import { useEffect, useRef, useState } from 'react';
import { usePhotoIntake } from '../../components/PhotoPicker';
import {
  addPhoto,
  pendingPhotos,
  photoUploaded,
  removePhoto,
  type Draft,
  type DraftPhoto,
} from '../../requests/draft';
import { PHOTO_MAX } from '../../requests/photo';
import { dropPhoto, dropPhotosExcept, requestPhotos } from '../../requests/photoStore';
import { PhotoLost, uploadPhoto } from '../../requests/send';

export type Uploads = Record<string, 'uploading' | 'failed'>;

/**
 * The report's photos: taken in (resized on the phone), each sent up as soon as it is added, and
 * the uploads under way or failed. Photos of an earlier draft go; this draft's go up again.
 */
export function useReportPhotos(draft: Draft, change: (rule: (d: Draft, now: number) => Draft) => void) {
  const [uploads, setUploads] = useState<Uploads>({});
  const intake = usePhotoIntake(requestPhotos);
  const { setNotice: setPhotoNotice } = intake;

  const startUpload = (localId: string) => {
    setUploads((u) => ({ ...u, [localId]: 'uploading' }));
    uploadPhoto(localId).then(
      (fileId) => {
        change((d, now) => photoUploaded(d, localId, fileId, now));
        setUploads(({ [localId]: _, ...rest }) => rest);
      },
      (err: unknown) => {
        if (err instanceof PhotoLost) {
          change((d, now) => removePhoto(d, localId, now));
          setPhotoNotice('photo.lost');
          setUploads(({ [localId]: _, ...rest }) => rest);
        } else setUploads((u) => ({ ...u, [localId]: 'failed' }));
      },
    );
  };

  // Opening the form: photos left from earlier drafts go; those of this one not yet sent go up.
  const firstDraft = useRef(draft);
  useEffect(() => {
    const waiting = pendingPhotos(firstDraft.current);
    void dropPhotosExcept(waiting.map((p) => p.localId));
    for (const p of waiting) startUpload(p.localId);
  }, []);

  const addFiles = (files: File[]) =>
    intake.add(files, draft.photos.length, PHOTO_MAX, (taken) => {
      const photo: DraftPhoto = { ...taken, fileId: null };
      change((d, now) => addPhoto(d, photo, PHOTO_MAX, now));
      startUpload(taken.localId);
    });

  const onRemovePhoto = (localId: string) => {
    change((d, now) => removePhoto(d, localId, now));
    setUploads(({ [localId]: _, ...rest }) => rest);
    void dropPhoto(localId);
  };

  return { uploads, setUploads, intake, addFiles, removePhoto: onRemovePhoto };
}
