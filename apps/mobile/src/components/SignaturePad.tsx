import { newIdempotencyKey } from '@anxiao/web-core';
import { useEffect, useRef, type PointerEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import type { PhotoStore } from '../offline/photos';
import type { TakenPhoto } from './PhotoPicker';

/** The pad's drawing scale: sharp on a 2× or 3× screen, and a small PNG (tens of KB). */
const SCALE = 2;

interface SignaturePadProps {
  /** the signature drawn so far (a PNG data URL), drawn back when the checklist is opened again */
  drawn: string | null;
  store: PhotoStore;
  /** a stroke ended: the whole signature as a PNG, kept in `store`; null: cleared */
  onChange: (photo: TakenPhoto | null) => void;
  label: string;
  testId: string;
}

/** The canvas sized to its box as laid out (the phone's width), with the pen set. */
function prepare(c: HTMLCanvasElement | null) {
  const ctx = c?.getContext('2d');
  if (!c || !ctx) return null;
  const width = Math.round(c.clientWidth * SCALE);
  const height = Math.round(c.clientHeight * SCALE);
  if (c.width !== width || c.height !== height) {
    // (resizing clears it: only when the box changed)
    c.width = width;
    c.height = height;
  }
  ctx.lineWidth = 2.5 * SCALE;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.strokeStyle = '#1f2329';
  return { c, ctx };
}

/**
 * A signature drawn with a finger (or a mouse): a canvas taking pointer events, kept after every
 * stroke as a PNG in the phone's photo store, so it goes out with the checklist like a photo
 * (offline too). 清除 starts again.
 */
export function SignaturePad({ drawn, store, onChange, label, testId }: SignaturePadProps) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const drawing = useRef<{ id: number; x: number; y: number } | null>(null);
  const inked = useRef(false);

  const context = () => prepare(canvas.current);

  // A signature kept in the draft is drawn back in.
  useEffect(() => {
    const got = prepare(canvas.current);
    if (!got || !drawn || inked.current) return;
    const img = new Image();
    img.onload = () => {
      got.ctx.drawImage(img, 0, 0, got.c.width, got.c.height);
      inked.current = true;
    };
    img.src = drawn;
  }, [drawn]);

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: (e.clientX - r.left) * SCALE, y: (e.clientY - r.top) * SCALE };
  };

  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    const got = context();
    if (!got || drawing.current) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = point(e);
    drawing.current = { id: e.pointerId, ...p };
    // A tap leaves a dot.
    got.ctx.beginPath();
    got.ctx.arc(p.x, p.y, got.ctx.lineWidth / 2, 0, Math.PI * 2);
    got.ctx.fillStyle = got.ctx.strokeStyle;
    got.ctx.fill();
  };

  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    const from = drawing.current;
    const got = context();
    if (!from || from.id !== e.pointerId || !got) return;
    const p = point(e);
    got.ctx.beginPath();
    got.ctx.moveTo(from.x, from.y);
    got.ctx.lineTo(p.x, p.y);
    got.ctx.stroke();
    drawing.current = { id: e.pointerId, ...p };
  };

  const up = (e: PointerEvent<HTMLCanvasElement>) => {
    if (drawing.current?.id !== e.pointerId) return;
    drawing.current = null;
    inked.current = true;
    const c = canvas.current;
    if (!c) return;
    const thumb = c.toDataURL('image/png');
    c.toBlob((blob) => {
      if (!blob) return;
      const localId = newIdempotencyKey();
      void store.keep(localId, blob).then(() => onChange({ localId, thumb, bytes: blob.size }));
    }, 'image/png');
  };

  const clear = () => {
    const got = context();
    got?.ctx.clearRect(0, 0, got.c.width, got.c.height);
    inked.current = false;
    drawing.current = null;
    onChange(null);
  };

  return (
    <div className="signature-pad-box">
      <canvas
        ref={canvas}
        className="signature-pad"
        role="img"
        aria-label={label}
        data-testid={testId}
        data-drawn={drawn ? 'true' : 'false'}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
      />
      <div className="signature-pad-foot">
        <span className="hint">{drawn ? t('task.signDrawn') : t('task.signDraw')}</span>
        <button
          type="button"
          className="button small"
          data-testid={`${testId}-clear`}
          disabled={!drawn}
          onClick={clear}
        >
          {t('task.signClear')}
        </button>
      </div>
    </div>
  );
}
