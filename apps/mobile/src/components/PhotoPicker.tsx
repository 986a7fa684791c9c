import { newIdempotencyKey } from '@anxiao/web-core';
import { useCallback, useRef, useState, type ChangeEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import type { PhotoStore } from '../offline/photos';
import { preparePhoto } from '../requests/compress';
import { roomFor } from '../requests/photo';
import { Icon } from './Icon';

/** A photo taken on the phone, compressed and kept under its local id. */
export interface TakenPhoto {
  localId: string;
  /** a small JPEG data URL (empty when the phone could not draw the photo) */
  thumb: string;
  bytes: number;
}

export type PhotoNotice = 'photo.tooMany' | 'photo.unreadable' | 'photo.lost';

/**
 * Taking photos in: each picked file compressed on the phone (compress.ts: at most 1600 px, a
 * JPEG), one at a time (a cheap phone has little memory for several full-size photos at once),
 * and kept in `store` before it is shown, so it survives the page being closed.
 */
export function usePhotoIntake(store: PhotoStore) {
  const [preparing, setPreparing] = useState(0);
  const preparingRef = useRef(0);
  const [notice, setNotice] = useState<PhotoNotice | null>(null);

  const add = useCallback(
    async (files: File[], have: number, max: number, onPhoto: (photo: TakenPhoto) => void) => {
      setNotice(null);
      const room = roomFor(have + preparingRef.current, files.length, max);
      if (room < files.length) setNotice('photo.tooMany');
      const chosen = files.slice(0, room);
      preparingRef.current += chosen.length;
      setPreparing(preparingRef.current);
      for (const file of chosen) {
        try {
          const { blob, thumb } = await preparePhoto(file);
          const localId = newIdempotencyKey();
          await store.keep(localId, blob);
          onPhoto({ localId, thumb, bytes: blob.size });
        } catch {
          // Unreadable (UnreadablePhoto), or the phone ran out of memory drawing it.
          setNotice('photo.unreadable');
        } finally {
          preparingRef.current -= 1;
          setPreparing(preparingRef.current);
        }
      }
    },
    [store],
  );

  return { preparing, notice, setNotice, add };
}

export type ThumbState = 'done' | 'uploading' | 'failed' | 'waiting' | 'kept';

export interface PickerPhoto {
  localId: string;
  thumb: string;
  /** kept: on the phone, to be sent with the rest (no mark) */
  state: ThumbState;
}

interface PhotoPickerProps {
  photos: readonly PickerPhoto[];
  preparing: number;
  max: number;
  notice: PhotoNotice | null;
  onAdd: (files: File[]) => void;
  onRemove?: ((localId: string) => void) | undefined;
  /** the camera input (capture="environment") */
  cameraTestId: string;
  /** the gallery input (several at once); none when only a fresh photo will do */
  galleryTestId?: string | undefined;
  thumbTestId?: string | undefined;
  /** the photo is required here and missing */
  required?: boolean;
}

/** Thumbnails of the photos taken, and big buttons to take (or pick) more. */
export function PhotoPicker({
  photos,
  preparing,
  max,
  notice,
  onAdd,
  onRemove,
  cameraTestId,
  galleryTestId,
  thumbTestId,
  required = false,
}: PhotoPickerProps) {
  const { t } = useI18n();
  const full = photos.length + preparing >= max;
  const pick = (e: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(e.target.files ?? []);
    // Let the same photo be picked again after it was removed.
    e.target.value = '';
    if (files.length) onAdd(files);
  };

  return (
    <>
      {(photos.length > 0 || preparing > 0) && (
        <ul className="thumbs">
          {photos.map((p) => (
            <li key={p.localId} className="thumb" data-testid={thumbTestId} data-state={p.state}>
              {p.thumb ? (
                <img src={p.thumb} alt="" />
              ) : (
                <span className="thumb-blank">
                  <Icon name="image" size={32} />
                </span>
              )}
              {(p.state === 'uploading' || p.state === 'failed' || p.state === 'waiting') && (
                <span className={`thumb-state thumb-${p.state}`}>
                  {p.state === 'uploading' ? t('photo.uploading') : t('photo.failed')}
                </span>
              )}
              {onRemove && (
                <button
                  type="button"
                  className="thumb-remove"
                  aria-label={t('photo.remove')}
                  onClick={() => onRemove(p.localId)}
                >
                  <Icon name="close" size={18} />
                </button>
              )}
            </li>
          ))}
          {Array.from({ length: preparing }, (_, i) => (
            <li key={`preparing-${i}`} className="thumb thumb-preparing" aria-busy="true">
              <span className="thumb-state">{t('photo.preparing')}</span>
            </li>
          ))}
        </ul>
      )}
      {notice && (
        <p className="notice" role="alert">
          {t(notice, { max })}
        </p>
      )}
      {!full && (
        <div className={galleryTestId ? 'photo-buttons' : 'photo-buttons photo-buttons-1'}>
          <label className={required ? 'button photo-button photo-required' : 'button photo-button'}>
            <Icon name="camera" size={22} />
            {t('photo.take')}
            <input
              type="file"
              accept="image/*"
              capture="environment"
              className="visually-hidden"
              data-testid={cameraTestId}
              onChange={pick}
            />
          </label>
          {galleryTestId && (
            <label className="button photo-button">
              <Icon name="image" size={22} />
              {t('photo.pick')}
              <input
                type="file"
                accept="image/*"
                multiple
                className="visually-hidden"
                data-testid={galleryTestId}
                onChange={pick}
              />
            </label>
          )}
        </div>
      )}
    </>
  );
}
