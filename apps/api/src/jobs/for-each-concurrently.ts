/**
 * Runs `work` over `items` with at most `concurrency` in flight and takes no new item once
 * `signal` is aborted. `work` learns how many items are still queued, so the last one can
 * report final progress.
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  signal: AbortSignal,
  work: (item: T, queued: number) => Promise<void>,
): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined && !signal.aborted; item = queue.shift()) {
      await work(item, queue.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
}

/** One job-row progress write per interval, not per item: progress is for people. */
export function progressThrottle(intervalMs = 250): (force: boolean) => boolean {
  let last = 0;
  return (force) => {
    if (!force && Date.now() - last < intervalMs) return false;
    last = Date.now();
    return true;
  };
}
