import { useSyncExternalStore } from 'react';

/**
 * A repeating alarm tone made with WebAudio (no audio file): a two-tone siren, once every period,
 * while something rings. Browsers keep an AudioContext suspended until the user has touched the
 * page; `context` says so, and `unlock()` (called from a tap) starts it.
 */
export interface AlarmToneState {
  /** none: no WebAudio here; suspended: waiting for a tap; running: allowed to sound */
  context: 'none' | 'suspended' | 'running';
  /** the tone is actually sounding: something rings and the context runs */
  sounding: boolean;
}

const PERIOD_MS = 1600;
const GAIN = 0.2;
const NOTES: readonly [number, number][] = [
  [960, 0.18],
  [720, 0.18],
  [960, 0.18],
  [720, 0.18],
  [960, 0.18],
  [720, 0.18],
];

export class AlarmTone {
  private ctx: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private wanted = false;
  private state: AlarmToneState = { context: 'none', sounding: false };
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): AlarmToneState => this.state;

  /** Make the AudioContext now, so the page can tell whether the browser lets it sound. */
  prepare(): void {
    if (this.ctx || typeof AudioContext === 'undefined') return;
    try {
      this.ctx = new AudioContext();
      this.ctx.onstatechange = () => this.update();
      // Allowed without a gesture where the browser's policy permits it (an installed app, a flag).
      void this.ctx.resume().then(() => this.update());
    } catch {
      this.ctx = null;
    }
    this.update();
  }

  /** From a tap: the moment a browser lets a suspended AudioContext start. */
  unlock = (): void => {
    this.prepare();
    if (this.ctx && this.ctx.state !== 'running') void this.ctx.resume().then(() => this.update());
  };

  ring(on: boolean): void {
    this.wanted = on;
    this.update();
  }

  private update(): void {
    const context = !this.ctx ? 'none' : this.ctx.state === 'running' ? 'running' : 'suspended';
    const sounding = context === 'running' && this.wanted;
    if (sounding && !this.timer) {
      this.beep();
      this.timer = setInterval(() => this.beep(), PERIOD_MS);
    } else if (!sounding && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    if (context !== this.state.context || sounding !== this.state.sounding) {
      this.state = { context, sounding };
      for (const listener of this.listeners) listener();
    }
  }

  private beep(): void {
    const ctx = this.ctx;
    if (!ctx || ctx.state !== 'running') return;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    let t = ctx.currentTime + 0.02;
    gain.gain.setValueAtTime(0, ctx.currentTime);
    for (const [freq, secs] of NOTES) {
      // Short ramps at each edge: no clicks.
      osc.frequency.setValueAtTime(freq, t);
      gain.gain.setValueAtTime(0, t);
      gain.gain.linearRampToValueAtTime(GAIN, t + 0.01);
      gain.gain.setValueAtTime(GAIN, t + secs - 0.01);
      gain.gain.linearRampToValueAtTime(0, t + secs);
      t += secs;
    }
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(t + 0.05);
  }
}

export function useAlarmTone(tone: AlarmTone): AlarmToneState {
  return useSyncExternalStore(tone.subscribe, tone.getSnapshot);
}
