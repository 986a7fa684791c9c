import { PhotoPicker, type PhotoNotice } from '../../components/PhotoPicker';
import { useI18n } from '../../i18n/I18nProvider';
import type { DraftPhoto } from '../../requests/draft';
import { PHOTO_MAX } from '../../requests/photo';

export function PhotoField({
  photos,
  uploads,
  preparing,
  notice,
  onAdd,
  onRemove,
}: {
  photos: DraftPhoto[];
  uploads: Record<string, 'uploading' | 'failed'>;
  preparing: number;
  notice: PhotoNotice | null;
  onAdd: (files: File[]) => void;
  onRemove: (localId: string) => void;
}) {
  const { t } = useI18n();
  return (
    <section className="card form-section">
      <h2 className="card-title">
        {t('report.photos')} <small className="hint">{t('report.photosHint', { max: PHOTO_MAX })}</small>
      </h2>
      <PhotoPicker
        photos={photos.map((p) => ({
          localId: p.localId,
          thumb: p.thumb,
          state: p.fileId ? 'done' : (uploads[p.localId] ?? 'waiting'),
        }))}
        preparing={preparing}
        max={PHOTO_MAX}
        notice={notice}
        onAdd={onAdd}
        onRemove={onRemove}
        cameraTestId="report-photo-camera"
        galleryTestId="report-photo-input"
        thumbTestId="report-photo-thumb"
      />
    </section>
  );
}

// ── place ────────────────────────────────────────────────────────────────────────────────────
