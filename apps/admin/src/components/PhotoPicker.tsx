import { CameraOutlined, CloseOutlined, LoadingOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { components } from '@anxiao/api-client';
import { postForm } from '@anxiao/web-core';
import { errorMessage, useT } from '../i18n/I18nProvider';
import styles from './PhotoPicker.module.css';

/** Upload one image (POST /api/files): pending on the server until the step using it commits it. */
function uploadPhoto(file: File) {
  const form = new FormData();
  form.append('file', file, file.name);
  return postForm<components['schemas']['StoredFile']>('/api/files', form);
}

interface Picked {
  key: number;
  /** a local preview (object URL) */
  url: string;
  state: 'uploading' | 'done' | 'failed';
  fileId?: string;
  error?: string;
}

interface PhotoPickerProps {
  /** the ids of the photos uploaded (a form field's value) */
  value?: string[];
  onChange?: (fileIds: string[]) => void;
  /** told whether an upload is still running (the form waits for it) */
  onBusy?: (busy: boolean) => void;
  max?: number;
  /** what the thumbnails show (a hazard photo by default) */
  alt?: string;
  'data-testid'?: string;
}

let nextKey = 1;

/**
 * Photos for a step or a report: picked from the computer (or a phone's camera), each uploaded at
 * once (POST /api/files) and shown as a thumbnail; a failed upload is marked and can be removed.
 * The value is the ids of those uploaded. The file input is plain, so a test can set its files.
 */
export function PhotoPicker({
  onChange,
  onBusy,
  max = 9,
  alt,
  'data-testid': testId = 'hazard-photo-input',
}: PhotoPickerProps) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [items, setItems] = useState<Picked[]>([]);
  const callbacks = useRef({ onChange, onBusy });
  callbacks.current = { onChange, onBusy };
  const urls = useRef(new Set<string>());

  useEffect(() => {
    callbacks.current.onChange?.(items.flatMap((i) => (i.fileId ? [i.fileId] : [])));
    callbacks.current.onBusy?.(items.some((i) => i.state === 'uploading'));
  }, [items]);

  // The previews are let go with the picker.
  useEffect(() => {
    const held = urls.current;
    return () => {
      for (const url of held) URL.revokeObjectURL(url);
    };
  }, []);

  const update = (key: number, patch: Partial<Picked>) =>
    setItems((list) => list.map((i) => (i.key === key ? { ...i, ...patch } : i)));

  const add = (files: FileList | null) => {
    const chosen = Array.from(files ?? []).slice(0, Math.max(0, max - items.length));
    const added = chosen.map((file) => {
      const url = URL.createObjectURL(file);
      urls.current.add(url);
      return { key: nextKey++, url, state: 'uploading' as const, file };
    });
    setItems((list) => [...list, ...added.map(({ file: _file, ...p }) => p)]);
    for (const a of added)
      uploadPhoto(a.file).then(
        (stored) => update(a.key, { state: 'done', fileId: stored.id }),
        (err: unknown) => update(a.key, { state: 'failed', error: errorMessage(err, t) }),
      );
    if (input.current) input.current.value = '';
  };

  const remove = (p: Picked) => {
    URL.revokeObjectURL(p.url);
    urls.current.delete(p.url);
    setItems((list) => list.filter((i) => i.key !== p.key));
  };

  return (
    <div className={styles.picker}>
      {items.map((p) => (
        <div
          key={p.key}
          className={`${styles.picked} ${p.state === 'failed' ? styles.pickedFailed : ''}`}
          data-state={p.state}
        >
          <img src={p.url} alt={alt ?? t('hazards.photo')} />
          {p.state !== 'done' && (
            <Tooltip title={p.error}>
              <div className={styles.pickedState}>
                {p.state === 'uploading' ? (
                  <LoadingOutlined />
                ) : (
                  <WarningOutlined style={{ color: '#cf1322' }} />
                )}
              </div>
            </Tooltip>
          )}
          <Button
            size="small"
            shape="circle"
            icon={<CloseOutlined />}
            className={styles.pickedRemove}
            aria-label={t('hazards.photos.remove')}
            onClick={() => remove(p)}
          />
        </div>
      ))}
      {items.length < max && (
        <Button className={styles.pickButton} onClick={() => input.current?.click()}>
          <CameraOutlined />
          <span>{t('hazards.photos.add')}</span>
        </Button>
      )}
      <input
        ref={input}
        type="file"
        accept="image/*"
        multiple
        // inline: antd's form styles show file inputs as blocks, over a class
        style={{ display: 'none' }}
        data-testid={testId}
        onChange={(e) => add(e.target.files)}
      />
    </div>
  );
}
