import { forEachConcurrently, progressThrottle } from './for-each-concurrently';

describe('forEachConcurrently', () => {
  it('keeps at most `concurrency` items in flight and visits each once', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, new AbortController().signal, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(n);
      inFlight -= 1;
    });
    expect(peak).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('takes no new item after the signal is aborted and tells the last one it is last', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    await forEachConcurrently([1, 2, 3, 4], 1, controller.signal, (n) => {
      started.push(n);
      if (n === 2) controller.abort();
      return Promise.resolve();
    });
    expect(started).toEqual([1, 2]);

    const queuedAfter: number[] = [];
    await forEachConcurrently(['a', 'b', 'c'], 1, new AbortController().signal, (_, queued) => {
      queuedAfter.push(queued);
      return Promise.resolve();
    });
    expect(queuedAfter).toEqual([2, 1, 0]);
  });
});

describe('progressThrottle', () => {
  it('allows one report per interval unless forced', () => {
    const due = progressThrottle(60_000);
    expect(due(false)).toBe(true);
    expect(due(false)).toBe(false);
    expect(due(true)).toBe(true);
  });
});
