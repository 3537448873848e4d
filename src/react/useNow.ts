import { useEffect, useState } from "react";

/**
 * The time, re-rendering every `intervalMs` while `active`. While inactive
 * it holds the time of its last tick (callers only read it for runs still
 * going).
 */
export function useNow(active: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}
