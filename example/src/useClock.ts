import { useCallback, useState, useSyncExternalStore } from "react";

/** A clock read by one component: the time of its last tick. */
function createClock() {
  let now = Date.now();
  return {
    read: () => now,
    /** Ticks at once (a restarted clock shows the time), then every `intervalMs`. */
    start(intervalMs: number, onTick: () => void): () => void {
      const tick = () => {
        now = Date.now();
        onTick();
      };
      tick();
      const timer = setInterval(tick, intervalMs);
      return () => clearInterval(timer);
    },
  };
}

const stopped = () => () => {};

/** The current time, ticking every `intervalMs` while `active`. */
export function useClock(active = true, intervalMs = 1000): number {
  const [clock] = useState(createClock);
  const subscribe = useCallback(
    (onTick: () => void) => clock.start(intervalMs, onTick),
    [clock, intervalMs],
  );
  return useSyncExternalStore(active ? subscribe : stopped, clock.read);
}
