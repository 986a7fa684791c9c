import { startTransition, useEffect, useState } from 'react';

const listeners = new Set<(now: number) => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function tick() {
  const now = Date.now();
  // A transition: a page of countdowns re-rendering every second must not hold up a navigation
  // (a filter in the address), which React would otherwise restart on every tick.
  startTransition(() => {
    for (const listener of listeners) listener(now);
  });
}

/** The time, re-read every second on one clock shared by every countdown on the page. */
export function useTick(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    listeners.add(setNow);
    timer ??= setInterval(tick, 1000);
    setNow(Date.now());
    return () => {
      listeners.delete(setNow);
      if (listeners.size === 0 && timer) {
        clearInterval(timer);
        timer = null;
      }
    };
  }, []);
  return now;
}
