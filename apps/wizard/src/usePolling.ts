import { useEffect, useRef } from 'react';

/**
 * Calls `tick` now and then every `intervalMs` while `active`, so pages update without reload.
 * One call at a time: a slow answer delays the next call rather than piling calls up.
 */
export function usePolling(tick: () => Promise<void>, intervalMs: number, active = true): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!active) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        await latest.current();
      } catch {
        // Shown by the page's own error handling on the next successful call; keep polling.
      }
      if (!stopped) timer = setTimeout(() => void run(), intervalMs);
    };
    void run();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [intervalMs, active]);
}
