import { AlarmTone, useAlarmTone, type AlarmToneState } from '@anxiao/web-core';
import { useEffect, useState } from 'react';

/** The page's one alarm tone. */
const tone = new AlarmTone();
/** Long buzzes with short gaps, started again while the alarm rings. */
const VIBRATION = [600, 200, 600, 200, 600];
const VIBRATE_EVERY_MS = 3_000;

export interface Ringing extends AlarmToneState {
  /** the screen is kept awake (Screen Wake Lock) */
  awake: boolean;
  /** start the sound from a tap where the browser blocked it */
  unlock: () => void;
}

/**
 * While the 警情 page is open: the screen stays on, and while `ring` holds the phone sounds the
 * alarm tone and vibrates. The tone may need a tap first (the browser's autoplay rule).
 */
export function useRinging(ring: boolean): Ringing {
  const state = useAlarmTone(tone);
  const awake = useWakeLock();

  useEffect(() => {
    tone.prepare();
    // Any tap on the page is the gesture the browser waits for.
    document.addEventListener('pointerdown', tone.unlock, true);
    return () => {
      document.removeEventListener('pointerdown', tone.unlock, true);
      tone.ring(false);
    };
  }, []);

  useEffect(() => {
    tone.ring(ring);
    if (!ring || typeof navigator.vibrate !== 'function') return;
    navigator.vibrate(VIBRATION);
    const timer = setInterval(() => navigator.vibrate(VIBRATION), VIBRATE_EVERY_MS);
    return () => {
      clearInterval(timer);
      navigator.vibrate(0);
    };
  }, [ring]);

  return { ...state, awake, unlock: tone.unlock };
}

/** Keep the screen on while mounted; taken again when the page comes back into view. */
function useWakeLock(): boolean {
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (!('wakeLock' in navigator)) return;
    let lock: WakeLockSentinel | null = null;
    let gone = false;
    const take = () => {
      if (gone || document.visibilityState !== 'visible' || (lock && !lock.released)) return;
      navigator.wakeLock
        .request('screen')
        .then((l) => {
          if (gone) return void l.release();
          lock = l;
          setHeld(true);
          l.addEventListener('release', () => setHeld(false));
        })
        .catch(() => setHeld(false));
    };
    take();
    document.addEventListener('visibilitychange', take);
    return () => {
      gone = true;
      document.removeEventListener('visibilitychange', take);
      void lock?.release();
    };
  }, []);
  return held;
}
