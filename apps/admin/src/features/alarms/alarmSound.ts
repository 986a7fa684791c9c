import { useEffect, useSyncExternalStore } from 'react';
import type { AlarmMode } from './types';

// The alarm sound, made with WebAudio (no audio files): a two-tone siren for a real alarm, a softer
// double beep for a drill or test. It repeats while something rings. Browsers keep an AudioContext
// suspended until the user has interacted with the page: the console shows that and resumes it on
// the next click or key press anywhere.

const PREF_KEY = 'anxiao.alarmSound';

export interface AlarmSoundState {
  /** none: no AudioContext (no WebAudio in this browser); suspended: waiting for a user gesture */
  context: 'none' | 'suspended' | 'running';
  /** the user's choice (the header switch), remembered in this browser */
  enabled: boolean;
  /** what rings now, the most urgent first; null: nothing */
  ringing: AlarmMode | null;
  /** the repeating sound is actually playing: something rings, sound is on and allowed */
  beeping: boolean;
}

interface Pattern {
  period: number;
  wave: OscillatorType;
  gain: number;
  /** [frequency Hz, seconds] played one after another */
  notes: [number, number][];
}

const SIREN: Pattern = {
  period: 1600,
  wave: 'square',
  gain: 0.18,
  notes: [
    [960, 0.18],
    [720, 0.18],
    [960, 0.18],
    [720, 0.18],
    [960, 0.18],
    [720, 0.18],
  ],
};
const EXERCISE: Pattern = {
  period: 2500,
  wave: 'triangle',
  gain: 0.22,
  notes: [
    [660, 0.22],
    [0, 0.12],
    [660, 0.22],
  ],
};

class AlarmSound {
  private ctx: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private playing: Pattern | null = null;
  private enabled = readPref();
  private ringing: AlarmMode | null = null;
  private state: AlarmSoundState = this.compute();
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): AlarmSoundState => this.state;

  /** Make the AudioContext (suspended until a gesture, unless the page already had one). */
  prepare(): void {
    if (this.ctx || typeof AudioContext === 'undefined') return;
    try {
      this.ctx = new AudioContext();
      this.ctx.onstatechange = () => this.update();
    } catch {
      this.ctx = null;
    }
    this.update();
  }

  /** A user gesture: the moment a browser lets a suspended AudioContext start. */
  unlock = (): void => {
    this.prepare();
    if (this.ctx && this.ctx.state !== 'running') void this.ctx.resume().then(() => this.update());
  };

  ring(mode: AlarmMode | null): void {
    this.ringing = mode;
    this.update();
  }

  setEnabled(on: boolean): void {
    this.enabled = on;
    try {
      localStorage.setItem(PREF_KEY, on ? 'on' : 'off');
    } catch {
      // private mode: the choice lasts for this page only
    }
    if (on) this.unlock();
    this.update();
  }

  private compute(): AlarmSoundState {
    const context = !this.ctx ? 'none' : this.ctx.state === 'running' ? 'running' : 'suspended';
    const beeping = context === 'running' && this.enabled && this.ringing !== null;
    return { context, enabled: this.enabled, ringing: this.ringing, beeping };
  }

  private update(): void {
    const next = this.compute();
    const pattern = next.beeping ? (next.ringing === 'real' ? SIREN : EXERCISE) : null;
    if (pattern !== this.playing) {
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      this.playing = pattern;
      if (pattern) {
        this.play(pattern);
        this.timer = setInterval(() => this.play(pattern), pattern.period);
      }
    }
    const s = this.state;
    if (
      s.context !== next.context ||
      s.enabled !== next.enabled ||
      s.ringing !== next.ringing ||
      s.beeping !== next.beeping
    ) {
      this.state = next;
      for (const listener of this.listeners) listener();
    }
  }

  private play(p: Pattern): void {
    const ctx = this.ctx;
    if (!ctx || ctx.state !== 'running') return;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = p.wave;
    let t = ctx.currentTime + 0.02;
    gain.gain.setValueAtTime(0, ctx.currentTime);
    for (const [freq, secs] of p.notes) {
      // Short ramps at each edge: no clicks.
      gain.gain.setValueAtTime(0, t);
      if (freq > 0) {
        osc.frequency.setValueAtTime(freq, t);
        gain.gain.linearRampToValueAtTime(p.gain, t + 0.01);
        gain.gain.setValueAtTime(p.gain, t + secs - 0.01);
      }
      gain.gain.linearRampToValueAtTime(0, t + secs);
      t += secs;
    }
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(t + 0.05);
  }
}

function readPref(): boolean {
  try {
    return localStorage.getItem(PREF_KEY) !== 'off';
  } catch {
    return true;
  }
}

/** The tab's one alarm sound. */
export const alarmSound = new AlarmSound();

export function useAlarmSound(): AlarmSoundState {
  return useSyncExternalStore(alarmSound.subscribe, alarmSound.getSnapshot);
}

/**
 * Have the sound ready while the user watches alarms: the AudioContext is made now (so the header
 * can say whether the browser blocks it) and resumed on any click or key press.
 */
export function useAlarmSoundReady(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    alarmSound.prepare();
    const unlock = () => alarmSound.unlock();
    document.addEventListener('pointerdown', unlock, true);
    document.addEventListener('keydown', unlock, true);
    return () => {
      document.removeEventListener('pointerdown', unlock, true);
      document.removeEventListener('keydown', unlock, true);
    };
  }, [active]);
}
