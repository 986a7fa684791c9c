import { useEffect, useId, useRef, useState, type CSSProperties } from 'react';

interface HoldButtonProps {
  /** Called once the button has been held for `ms`. */
  onHold: () => void;
  label: string;
  holdingLabel: string;
  /** Said below the button, and to screen readers. */
  hint: string;
  ms?: number;
  testId?: string;
}

/**
 * A button that acts only when held (a pocket or a brush does nothing): a ring fills while it is
 * held and the action fires when it is full; letting go earlier resets it. Works with a finger, a
 * mouse and the keyboard (Space or Enter held).
 */
export function HoldButton({ onHold, label, holdingLabel, hint, ms = 1_000, testId }: HoldButtonProps) {
  const [holding, setHolding] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const hintId = useId();
  const onHoldRef = useRef(onHold);
  useEffect(() => {
    onHoldRef.current = onHold;
  }, [onHold]);

  const start = () => {
    if (timer.current) return;
    setHolding(true);
    timer.current = setTimeout(() => {
      timer.current = null;
      setHolding(false);
      onHoldRef.current();
    }, ms);
  };
  const stop = () => {
    if (!timer.current) return;
    clearTimeout(timer.current);
    timer.current = null;
    setHolding(false);
  };
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return (
    <div className="hold">
      <button
        type="button"
        className={holding ? 'hold-button holding' : 'hold-button'}
        style={{ '--hold-ms': `${ms}ms` } as CSSProperties}
        data-testid={testId}
        data-holding={holding}
        aria-describedby={hintId}
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          // Keep the press even when the finger slides off the button.
          e.currentTarget.setPointerCapture(e.pointerId);
          start();
        }}
        onPointerUp={stop}
        onPointerCancel={stop}
        onLostPointerCapture={stop}
        onKeyDown={(e) => {
          if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
            e.preventDefault();
            start();
          }
        }}
        onKeyUp={(e) => {
          if (e.key === ' ' || e.key === 'Enter') stop();
        }}
        onBlur={stop}
        onContextMenu={(e) => e.preventDefault()}
      >
        <svg className="hold-ring" viewBox="0 0 100 100" aria-hidden="true">
          <circle className="hold-ring-track" cx="50" cy="50" r="46" />
          <circle className="hold-ring-bar" cx="50" cy="50" r="46" pathLength={100} />
        </svg>
        <span className="hold-sos" aria-hidden="true">
          SOS
        </span>
        <span className="hold-label">{holding ? holdingLabel : label}</span>
      </button>
      <p id={hintId} className="hint hold-hint">
        {hint}
      </p>
    </div>
  );
}
